-- Retention: a pinned version keeps its blob forever; the sweeper records what it deleted from the object store (only
-- after the delete succeeded), so the rows stay as history while the store stays flat in a long session.

alter table global_version add column pinned boolean not null default false;
alter table global_version add column blob_deleted_at timestamptz;

alter table local_update add column object_deleted_at timestamptz;
-- What the sweeper looks for: consumed updates whose object is still stored.
create index local_update_sweepable on local_update (session_id, id)
    where status <> 'PENDING' and object_deleted_at is null;

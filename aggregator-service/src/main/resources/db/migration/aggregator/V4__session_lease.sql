-- Which aggregator instance may write and commit a session's next version (io.asyn2f.aggregator.aggregation
-- .SessionLeases). The token grows by one at every change of holder; a commit checks it under this row's lock, so an
-- instance that lost the lease (paused, partitioned, or the old pod of a rolling update) cannot commit.
create table session_lease (
    session_id varchar(64)  primary key references session (id),
    holder     varchar(200) not null,
    token      bigint       not null,
    expires_at timestamptz  not null
);

-- The lease token under which each version was committed (null: committed before leases existed).
alter table global_version add column fencing_token bigint;

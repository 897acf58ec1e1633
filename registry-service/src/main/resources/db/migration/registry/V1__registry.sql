-- Sessions as the registry learns them from session.opened / session.stopped events.
create table training_session (
    session_id         varchar(64)  primary key,
    status             varchar(16)  not null check (status in ('OPEN', 'CLOSED')),
    strategy           varchar(128),
    model_architecture varchar(256),
    upload_limit_bytes bigint       not null default 0,
    -- The trainingConfig object of session.opened, passed through to workers as JSON text.
    training_config    text         not null default '{}',
    opened_at          timestamptz,
    stopped_at         timestamptz,
    updated_at         timestamptz  not null
);

-- Ids of session events already applied, so a redelivered event changes nothing.
create table processed_event (
    event_id     varchar(128) primary key,
    event_type   varchar(64)  not null,
    processed_at timestamptz  not null
);

create table worker (
    worker_id          varchar(64)      primary key,
    session_id         varchar(64)      not null references training_session (session_id),
    role               varchar(16)      not null check (role in ('TRAINER', 'TESTER')),
    samples            bigint           not null check (samples >= 0),
    quality            double precision not null check (quality >= 0 and quality <= 1),
    cpu_cores          integer,
    memory_bytes       bigint,
    gpu                varchar(256),
    backend            varchar(64),
    state              varchar(16)      not null check (state in ('ACTIVE', 'LOST', 'REVOKED')),
    -- SHA-256 (hex) of the current refresh credential; the credential itself is never stored.
    refresh_token_hash varchar(64)      not null,
    refresh_expires_at timestamptz      not null,
    registered_at      timestamptz      not null,
    last_heartbeat     timestamptz      not null,
    revoked_at         timestamptz,
    revoke_reason      varchar(500),
    version            bigint           not null default 0
);

create index worker_session_idx on worker (session_id);
create index worker_active_heartbeat_idx on worker (last_heartbeat) where state = 'ACTIVE';
create index worker_revoked_at_idx on worker (revoked_at) where revoked_at is not null;

-- The aggregator's own schema: sessions, global versions, pending/consumed updates, worker states, evaluations and
-- the outbox of events still to publish. Every time is timestamptz.

create table session (
    id               varchar(64)      primary key,
    state            varchar(32)      not null,
    stop_reason      varchar(32),
    stop_detail      text,
    architecture     varchar(200)     not null,
    strategy         varchar(32)      not null,
    config           text             not null,
    current_version  bigint           not null,
    last_accuracy    double precision,
    created_at       timestamptz      not null,
    started_at       timestamptz,
    last_version_at  timestamptz      not null,
    finished_at      timestamptz
);

create table global_version (
    session_id     varchar(64)      not null references session (id),
    version        bigint           not null,
    object_key     varchar(300)     not null,
    sha256         varchar(64)      not null,
    size_bytes     bigint           not null,
    avg_quality    double precision not null,
    avg_loss       double precision not null,
    total_samples  bigint           not null,
    learning_rate  double precision not null,
    accuracy       double precision,
    created_at     timestamptz      not null,
    primary key (session_id, version)
);

create table version_participant (
    session_id  varchar(64)      not null,
    version     bigint           not null,
    update_id   varchar(64)      not null,
    worker_id   varchar(64)      not null,
    weight      double precision not null,
    staleness   bigint           not null,
    primary key (session_id, version, update_id),
    foreign key (session_id, version) references global_version (session_id, version)
);

-- Accepted updates. id is the arrival sequence; update_id is unique, which makes intake idempotent.
create table local_update (
    id                  bigint generated always as identity primary key,
    update_id           varchar(64)      not null unique,
    event_id            varchar(100)     not null,
    session_id          varchar(64)      not null references session (id),
    worker_id           varchar(64)      not null,
    object_key          varchar(300)     not null,
    sha256              varchar(64)      not null,
    size_bytes          bigint           not null,
    base_version        bigint           not null,
    samples             bigint           not null,
    quality             double precision not null,
    loss                double precision not null,
    accuracy            double precision not null,
    epoch               integer          not null,
    kind                varchar(16)      not null,
    status              varchar(16)      not null,
    status_reason       text,
    consumed_in_version bigint,
    submitted_at        timestamptz      not null,
    received_at         timestamptz      not null
);
create index local_update_pending on local_update (session_id, id) where status = 'PENDING';

-- Refused update events (bad token, bad blob, duplicates, ...): an append-only log for operators.
create table update_rejection (
    id           bigint generated always as identity primary key,
    event_id     varchar(100)  not null,
    update_id    varchar(64),
    session_id   varchar(64),
    worker_id    varchar(64),
    reason       varchar(64)   not null,
    detail       text          not null,
    received_at  timestamptz   not null
);
create index update_rejection_session on update_rejection (session_id, id);

create table worker (
    session_id  varchar(64)  not null,
    worker_id   varchar(64)  not null,
    role        varchar(16)  not null,
    state       varchar(16)  not null,
    samples     bigint       not null,
    quality     double precision not null,
    changed_at  timestamptz  not null,
    primary key (session_id, worker_id)
);

create table evaluation (
    id           bigint generated always as identity primary key,
    event_id     varchar(100)     not null unique,
    session_id   varchar(64)      not null references session (id),
    version      bigint           not null,
    worker_id    varchar(64)      not null,
    accuracy     double precision not null,
    loss         double precision not null,
    samples      bigint           not null,
    reported_at  timestamptz      not null,
    unique (session_id, version, worker_id)
);

-- Events committed together with the state they announce; the relay publishes them and sets sent_at.
create table outbox (
    id          bigint generated always as identity primary key,
    event_id    varchar(100)  not null unique,
    session_id  varchar(64)   not null,
    type        varchar(64)   not null,
    body        text          not null,
    created_at  timestamptz   not null,
    sent_at     timestamptz
);
create index outbox_unsent on outbox (id) where sent_at is null;

-- Enrollment tokens: each admits up to max_workers new workers to one session until it expires or is revoked.
-- Only the SHA-256 (hex) of the token's secret is stored; the secret is shown once, when it is issued.
create table enrollment_token (
    token_id      varchar(32)  primary key,
    session_id    varchar(64)  not null references training_session (session_id),
    secret_hash   varchar(64)  not null,
    max_workers   integer      not null check (max_workers >= 1),
    -- Seats taken by registrations. Never decremented: a revoked worker's seat is not given back.
    used_seats    integer      not null default 0 check (used_seats >= 0 and used_seats <= max_workers),
    -- null: any role; else the only role this token admits.
    role          varchar(16)  check (role in ('TRAINER', 'TESTER')),
    -- null: the worker reports its sample count; else every worker it admits is recorded with this many.
    fixed_samples bigint       check (fixed_samples >= 0),
    label         varchar(200),
    created_at    timestamptz  not null,
    expires_at    timestamptz  not null,
    revoked_at    timestamptz,
    revoke_reason varchar(500)
);

create index enrollment_token_session_idx on enrollment_token (session_id);

-- The token a worker enrolled with (null: the shared development secret). Its role and sample count still bind the
-- worker when it reconnects.
alter table worker add column enrollment_token_id varchar(32) references enrollment_token (token_id);

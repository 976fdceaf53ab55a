-- The short number a barista calls out, counted per business day.
create table order_number_counter (
    business_day date    not null primary key,
    last_number  integer not null
);

-- Which order each (member, Idempotency-Key) produced, written in the same transaction as the order's events.
create table idempotency_key (
    member_id       varchar(64)  not null,
    idempotency_key varchar(128) not null,
    request_hash    char(64)     not null,
    order_id        varchar(64)  not null,
    order_number    integer,
    created_at      timestamptz  not null default now(),
    primary key (member_id, idempotency_key)
);

create index idempotency_key_created_at on idempotency_key (created_at);

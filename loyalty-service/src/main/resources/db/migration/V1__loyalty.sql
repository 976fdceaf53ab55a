-- loyalty-service's own database (brew_loyalty): Axon's tracking tokens and plain tables fed from the order events.
-- Every write is guarded by the row's state, so an event delivered twice (the publisher is at-least-once) or read
-- again in a replay changes nothing the second time.

create table token_entry (
    processor_name varchar(255) not null,
    segment        integer      not null,
    token          bytea,
    token_type     varchar(255),
    timestamp      varchar(255),
    owner          varchar(255),
    primary key (processor_name, segment)
);

-- One row per order seen on the topic; status moves ORDERED -> DONE or CANCELLED once, which is what makes stamps
-- and reward returns exactly-once.
create table loyalty_order (
    order_id  varchar(64)  not null primary key,
    member_id varchar(64)  not null,
    drinks    integer      not null,
    placed_at timestamptz  not null,
    status    varchar(16)  not null,
    reward_id varchar(64)
);
-- How far the topic has been read (a lapsed reward reservation is given back only past its deadline).
create index loyalty_order_placed_at on loyalty_order (placed_at);

-- The drinks of each order, for "your usual" (per member) and "popular now" (recent, café-wide).
create table order_drink (
    order_id  varchar(64)  not null,
    menu_code varchar(64)  not null,
    name      varchar(128) not null,
    quantity  integer      not null,
    member_id varchar(64)  not null,
    placed_at timestamptz  not null,
    primary key (order_id, menu_code)
);
create index order_drink_member on order_drink (member_id);
create index order_drink_placed_at on order_drink (placed_at);

create table stamp_card (
    member_id      varchar(64) not null primary key,
    stamps         bigint      not null,
    rewards_issued integer     not null,
    updated_at     timestamptz not null
);

-- A reward is AVAILABLE, RESERVED for one order (by command-service, before the order is placed), or REDEEMED (the
-- order was handed over). A reservation whose order never appeared on the topic lapses after reserved_until.
create table reward (
    reward_id      varchar(64) not null primary key,
    member_id      varchar(64) not null,
    ordinal        integer,
    state          varchar(16) not null,
    issued_at      timestamptz,
    order_id       varchar(64),
    order_placed   boolean     not null default false,
    reserved_until timestamptz,
    redeemed_at    timestamptz,
    notified_at    timestamptz
);
create index reward_member on reward (member_id);

-- The members command-service knows, fed by member events from Kafka (and by member-service when a fresh member
-- orders before their event arrived). Orders are accepted only for members found here.
create table member_directory (
    member_id     varchar(64)  not null primary key,
    name          varchar(64)  not null,
    role          varchar(16)  not null,
    registered_at timestamptz,
    learned_from  varchar(16)  not null
);

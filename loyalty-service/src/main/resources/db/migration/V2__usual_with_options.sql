-- "Your usual" counts a drink with its options (docs/adr/0904-your-usual-with-its-options.md): the same drink made
-- differently is a different usual. options_key names the options that differ from the café's defaults ('' = the
-- drink as it comes, which is also how a line placed before options existed counts); the columns keep the options to
-- suggest. Rows written before this migration count as '' until a replay rebuilds them.
alter table order_drink
    add column options_key varchar(160) not null default '',
    add column size        varchar(16),
    add column temperature varchar(16),
    add column extra_shots integer,
    add column milk        varchar(16),
    add column syrup       varchar(16);
alter table order_drink drop constraint order_drink_pkey;
alter table order_drink add primary key (order_id, menu_code, options_key);

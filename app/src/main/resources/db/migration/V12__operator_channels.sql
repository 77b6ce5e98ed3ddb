-- Channels of the operator's static stream keys (onair.ingest.keys, the generated default key, the demo) get a row
-- too, so chat, follows, channel info and replays' chat work on them as on account channels. Such a row has no owner
-- (nobody signs in as it: site admins and the moderators they appoint run its chat and info) and no stream key (the
-- key stays in the configuration or in <data-dir>/stream-keys.properties, where the operator keeps it).
-- Both unique constraints (owner_id, stream_key) allow any number of nulls, on PostgreSQL and on H2 alike.
alter table channel alter column owner_id drop not null;
alter table channel alter column stream_key drop not null;

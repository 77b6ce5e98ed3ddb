-- A site admin suspends an abusive account: it cannot log in, its sessions and tokens stop working, its stream key
-- is refused and a live stream of it ends. Kept on the account (not a deletion): the operator can lift it, and what
-- the account paid and wrote stays on record.
alter table account add column suspended_at timestamp with time zone;
alter table account add column suspension_reason varchar(300);

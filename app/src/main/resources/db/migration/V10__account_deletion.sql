-- A person deletes their account (or a site admin deletes a spam account): what they made and wrote goes, the row
-- stays as a tombstone holding the username, so nobody else can take the name over and pose as them on old links,
-- clips and receipts. The e-mail address is replaced (it can sign up again), the password hash emptied.
alter table account add column deleted_at timestamp with time zone;

-- One-time links to set a new password (README, "Forgotten passwords"). Onair sends no e-mail: a site admin issues
-- a link for an account and hands it over (POST /api/admin/accounts/{u}/password-reset), or the operator has one
-- printed at start (onair.admin.reset-password). Only the SHA-256 of the link's 256-bit token is kept, so a copy of
-- the database holds no usable link. One link per account: issuing another deletes the earlier; using it deletes it.
create table password_reset (
    token_hash varchar(64) not null primary key,
    account_id bigint      not null,
    -- Who issued it (an admin's username, or 'operator' for the start-up link): the log and the audit trail.
    issued_by  varchar(32) not null,
    created_at timestamp with time zone not null,
    expires_at timestamp with time zone not null,
    constraint password_reset_account_fk foreign key (account_id) references account (id) on delete cascade
);
create index password_reset_account on password_reset (account_id);

-- Webhooks for chat apps: the body a webhook gets ('onair': the signed JSON event; 'discord', 'slack': a message
-- for those apps' incoming webhooks), the events it wants (comma-separated names; '' = every event), and the
-- site's address for the links in messages (onair.public-url, else the owner's browser's at registration).
-- Existing webhooks keep what they had: every event, Onair's JSON. Same dialect rules as V1.
alter table webhook add column format varchar(16) default 'onair' not null;
alter table webhook add column events varchar(200) default '' not null;
alter table webhook add column site_url varchar(300) default '' not null;

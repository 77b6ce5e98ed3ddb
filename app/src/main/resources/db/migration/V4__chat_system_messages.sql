-- System lines of a chat ("the stream started", "the stream ended"): stored with the messages so a page joining
-- later sees them in the history, at their stream time. They have no author; kind names them (null: a message
-- someone typed), and body holds an English line for API clients (the web UI words them in its own language).
alter table chat_message add column kind varchar(16);
alter table chat_message alter column account_id drop not null;
alter table chat_message alter column username drop not null;

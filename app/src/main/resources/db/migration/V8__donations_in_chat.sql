-- A donation's highlighted line is part of the chat: stored with the messages (in the payment's transaction), so a
-- page joining later sees it in the history and the replay's chat shows it at its moment, as viewers of other
-- services expect. The line's body is the donor's message; amount, currency and test mode come from the payment.
alter table chat_message add column payment_id bigint;
alter table chat_message add constraint chat_message_payment_fk foreign key (payment_id) references payment (id)
    on delete cascade;

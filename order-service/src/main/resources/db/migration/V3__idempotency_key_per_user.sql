-- An Idempotency-Key belongs to the user the order is for, as payment APIs scope keys to the account that sends
-- them: two users who happen to pick the same key get an order each. The unique constraint that keeps creation
-- exactly-once when Redis has lost its copy is per user too.
ALTER TABLE orders DROP CONSTRAINT orders_idempotency_key_key;
ALTER TABLE orders ADD CONSTRAINT orders_user_id_idempotency_key_key UNIQUE (user_id, idempotency_key);

-- The product catalog: prices live here and nowhere else (clients never send prices).
CREATE TABLE products (
    sku               VARCHAR(32)  PRIMARY KEY,
    name              VARCHAR(100) NOT NULL,
    unit_price_cents  BIGINT       NOT NULL CHECK (unit_price_cents > 0)
);

CREATE TABLE orders (
    id               BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id          BIGINT       NOT NULL,
    status           VARCHAR(20)  NOT NULL,
    total_cents      BIGINT       NOT NULL CHECK (total_cents >= 0),
    -- Idempotency-Key of the request that created the order, with the SHA-256 of its body. The unique
    -- constraint is the last line of defence for exactly-once creation when Redis has lost its copy.
    idempotency_key  VARCHAR(128) UNIQUE,
    request_hash     CHAR(64),
    created_at       TIMESTAMPTZ  NOT NULL DEFAULT now()
);
CREATE INDEX orders_user_id_idx ON orders (user_id, id);

CREATE TABLE order_items (
    id                BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    order_id          BIGINT      NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    sku               VARCHAR(32) NOT NULL REFERENCES products (sku),
    quantity          INT         NOT NULL CHECK (quantity > 0),
    unit_price_cents  BIGINT      NOT NULL CHECK (unit_price_cents > 0)
);
CREATE INDEX order_items_order_id_idx ON order_items (order_id);

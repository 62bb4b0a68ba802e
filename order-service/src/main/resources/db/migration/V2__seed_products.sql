INSERT INTO products (sku, name, unit_price_cents) VALUES
    ('BOOK-001',  'Distributed Tracing in Practice', 3999),
    ('BOOK-002',  'Site Reliability Engineering',    4450),
    ('MUG-001',   'Coffee mug "It works on my machine"', 1299),
    ('SHIRT-001', 'T-shirt "traceparent"',           2199),
    ('STICKER-001', 'Sticker pack',                   499),
    ('KEYB-001',  'Mechanical keyboard',            12900),
    ('HEADSET-001', 'Headset for on-call',           7950),
    ('LAMP-001',  'Desk lamp, warm light',           3490);

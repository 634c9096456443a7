-- pgbench script: the generated `PgUserRepository::add`'s INSERT.
-- pgbench variables are numbers or fixed strings, so the id is computed from
-- a random number (also the username) and `locked_at`'s NULL is the word `none` turned into NULL.
\set n random(100000000, 9000000000000000000)
INSERT INTO users (
    user_id,
    created_at,
    username,
    locked_at
)
VALUES (lpad(to_hex(:n::bigint), 32, '0')::uuid, :created_at, :n, NULLIF(:locked_at, 'none')::TIMESTAMPTZ);

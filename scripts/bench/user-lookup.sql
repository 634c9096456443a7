-- pgbench script: the generated `PgUserRepository::lookup`'s SELECT, on one of
-- the seeded users, whose id is computed from its number.
\set n random(1, 10000)
SELECT
    user_id,
    created_at,
    username,
    locked_at
FROM users
WHERE user_id = lpad(to_hex(:n::bigint), 32, '0')::uuid;

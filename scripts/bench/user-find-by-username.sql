-- pgbench script: the generated `PgUserRepository::find_by_username`'s SELECT,
-- on one of the seeded users, whose username is its number.
\set n random(1, 10000)
SELECT
    user_id,
    created_at,
    username,
    locked_at
FROM users
WHERE username = :n;

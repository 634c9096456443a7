-- pgbench script: the generated `PgUserRepository::list`'s forward SELECT,
-- first page (`--define limit=21` for 20 items). pgbench sends no NULL parameter, so the word
-- `none` stands for NULL: `--define locked=none` (no filter), `locked=true` or
-- `locked=false`; `--define cursor=none` for no cursor.
SELECT
    user_id,
    created_at,
    username,
    locked_at
FROM users
WHERE (NULLIF(:locked, 'none')::BOOLEAN IS NULL OR (locked_at IS NOT NULL) = NULLIF(:locked, 'none')::BOOLEAN)
  AND (NULLIF(:cursor, 'none')::UUID IS NULL OR user_id < NULLIF(:cursor, 'none')::UUID)
  AND (NULLIF(:cursor, 'none')::UUID IS NULL OR user_id > NULLIF(:cursor, 'none')::UUID)
ORDER BY user_id ASC
LIMIT :limit;

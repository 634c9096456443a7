-- pgbench script: one round trip and nothing else, to calibrate what a
-- transaction costs pgbench itself against sqlx.
SELECT 1;

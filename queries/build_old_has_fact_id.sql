-- build_old_has_fact_id: whether an old table numbers its figures (files from before
-- figure_facts stored figures without fact_id).
SELECT count(*) > 0 AS has_fact_id
FROM duckdb_columns()
WHERE database_name = 'old' AND table_name = $table AND column_name = 'fact_id';

-- table_columns: the columns of one table of this database file and their
-- types, so rows handed over from Python are cast to what the table holds.
SELECT column_name, data_type
FROM duckdb_columns()
WHERE database_name = current_database() AND schema_name = 'main' AND table_name = $table
ORDER BY column_index;

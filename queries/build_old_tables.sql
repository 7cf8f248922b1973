-- build_old_tables: the tables the previous database holds (an older file may lack some).
SELECT table_name FROM duckdb_tables() WHERE database_name = 'old';

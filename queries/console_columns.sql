-- console_columns: every column of the console's own views, with its type and the comment
-- the attached file gives the table's column (COMMENT ON COLUMN at the end of schema.sql),
-- for the schema browser. The views copy no comments, so they are read from `db`.
SELECT v.table_name, v.column_name, v.data_type, c.comment
FROM duckdb_columns() AS v
LEFT JOIN duckdb_columns() AS c
    ON c.database_name = 'db' AND c.schema_name = 'main'
    AND c.table_name = v.table_name AND c.column_name = v.column_name
WHERE v.database_name = 'memory' AND v.schema_name = 'main'
ORDER BY v.table_name, v.column_index;

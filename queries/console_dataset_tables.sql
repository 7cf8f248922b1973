-- console_dataset_tables: the tables and views of the attached file that carry a `dataset`
-- column; each gets a plain-named view in the console holding only the current dataset.
SELECT DISTINCT table_name
FROM duckdb_columns()
WHERE database_name = 'db' AND schema_name = 'main' AND column_name = 'dataset';

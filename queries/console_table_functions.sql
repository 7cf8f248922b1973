-- console_table_functions: every table function DuckDB knows. A SELECT the serializer cannot
-- read (PIVOT inside a query) is refused if it names any of them outside the allow-list.
SELECT DISTINCT function_name
FROM duckdb_functions()
WHERE function_type IN ('table', 'table_macro');

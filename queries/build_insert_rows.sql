-- build_insert_rows: one row of a data package's CSV into its table (run for every row).
-- {table} and {columns} are the table and the package's declared field names, checked
-- against the schema and quoted by foi.db.quote; {values} is one bound $n per column.
INSERT INTO {table} ({columns}) VALUES ({values});

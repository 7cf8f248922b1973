-- import_dataset_clear: remove one dataset's rows from one table, for `foi import --replace`
-- (the new copy of the database is swapped in only if the whole import succeeds). {table}
-- is allow-listed and quoted in foi.importing.load.
DELETE FROM {table} WHERE dataset = $dataset;

-- import_incoming_insert_new: add the rows gathered in the temp table `incoming` to a keyed
-- table (sources, organisations, statuses, projects), matching columns by name; a row whose
-- key the dataset already holds is kept as it was. {table} is allow-listed and quoted in
-- foi.importing.load.
INSERT OR IGNORE INTO {table} BY NAME SELECT * FROM incoming;

-- import_incoming_insert: append the rows gathered in the temp table `incoming` to a table
-- that has no key (figure_facts), matching columns by name. {table} is allow-listed and
-- quoted in foi.importing.load.
INSERT INTO {table} BY NAME SELECT * FROM incoming;

-- build_carry_over: copy the kept datasets' rows of one table from the previous database.
-- {target} and {origin} come from foi.build's list of tables (quoted by foi.db.quote);
-- {select} is "*", or for figures "* EXCLUDE (fact_id)" plus fresh numbers after this
-- build's own figures.
INSERT INTO {target} BY NAME SELECT {select} FROM old.{origin} WHERE list_contains($kept, dataset);

-- import_raw_rows: the records left once the rows that are not records are
-- set aside, in file order, for the project-table loader.
SELECT * EXCLUDE (line), line FROM raw WHERE line NOT IN (SELECT line FROM skipped) ORDER BY line;

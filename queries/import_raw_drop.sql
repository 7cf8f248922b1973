-- import_raw_drop: drop the temp table `raw` (import_raw_create.sql) once a file's rows
-- are loaded, so the next file streams into a fresh one.
DROP TABLE raw;

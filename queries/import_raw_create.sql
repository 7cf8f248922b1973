-- import_raw_create: the temp table `raw` of a file's records, from the first
-- batch the reader streamed in (`batch`: line, c0, c1, ... as text). The
-- preview and the import read the file through the same reader (foi.readers).
CREATE OR REPLACE TEMP TABLE raw AS SELECT * FROM batch;

-- import_raw_count: the records loaded from a file (rows set aside are gone from `raw`).
SELECT count(*) FROM raw;

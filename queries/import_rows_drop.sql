-- import_rows_drop: take the rows import_rows_skipped.sql set aside out of `raw`.
DELETE FROM raw WHERE line IN (SELECT line FROM skipped);

-- import_raw_append: the next batch of records streamed into `raw`.
INSERT INTO raw SELECT * FROM batch;

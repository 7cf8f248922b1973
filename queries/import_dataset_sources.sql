-- import_dataset_sources: the files a dataset already holds, so importing the same file
-- into it again is refused rather than counted twice.
SELECT source_id FROM sources WHERE dataset = $dataset;

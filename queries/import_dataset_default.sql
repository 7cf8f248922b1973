-- import_dataset_default: whether a dataset already exists and is the shipped, curated one
-- (no row: a new dataset), so an import never writes into the curated data.
SELECT is_default FROM datasets WHERE dataset = $dataset;

-- console_dataset_exists: whether the attached file holds the dataset the console was asked
-- for, before any view is defined over it.
SELECT count(*) > 0 AS found FROM db.main.datasets WHERE dataset = $dataset;

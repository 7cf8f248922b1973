-- import_dataset_add: describe a newly imported dataset, once every row (bulk payments too)
-- is counted. An imported dataset is never the default and states no licence.
INSERT INTO datasets (dataset, title, description, licence, licence_url, is_default, built_at, series, as_of)
VALUES ($dataset, $title, $description, NULL, NULL, false, $built_at, $series, $as_of);

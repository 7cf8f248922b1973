-- dataset_insert: describe one dataset (foi build, from its data package; foi import, once
-- every row is counted). The one place a datasets row is written.
INSERT INTO datasets (dataset, title, description, licence, licence_url, is_default, built_at, series, as_of)
VALUES ($dataset, $title, $description, $licence, $licence_url, $is_default, $built_at, $series, $as_of);

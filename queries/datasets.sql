-- datasets: every dataset in the database, the default first.
SELECT dataset, title, description, licence, licence_url, is_default, built_at
FROM datasets
ORDER BY is_default DESC, dataset;

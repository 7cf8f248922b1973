-- import_payments_orgs: the paying bodies named in a payment file.
-- Input: temp table `raw` (see import_payments_subjects.sql); {organisation}
-- is a column name from an allow-list, or NULL.
INSERT OR IGNORE INTO organisations BY NAME
SELECT
    $dataset AS dataset,
    nullif(trim(left(trim(regexp_replace(lower(organisation), '[^a-z0-9]+', '-', 'g'), '-'), 48), '-'), '') AS org_id,
    any_value(organisation) AS name
FROM (SELECT DISTINCT nullif(trim({organisation}), '') AS organisation FROM raw)
WHERE organisation IS NOT NULL
GROUP BY ALL;

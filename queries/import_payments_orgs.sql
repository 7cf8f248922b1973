-- import_payments_orgs: the paying bodies named in the staged payment rows.
INSERT OR IGNORE INTO organisations BY NAME
SELECT DISTINCT
    $dataset AS dataset,
    nullif(trim(left(trim(regexp_replace(lower(organisation), '[^a-z0-9]+', '-', 'g'), '-'), 48), '-'), '') AS org_id,
    organisation AS name
FROM staged
WHERE organisation IS NOT NULL;

-- import_payments_suppliers: one project row per supplier (named by the first
-- row that names it); every payment to a redacted supplier shares one
-- unnamed row. Suppliers already known from an earlier file are kept.
INSERT OR IGNORE INTO projects BY NAME
SELECT
    $dataset AS dataset,
    subject_id AS project_id,
    CASE WHEN any_value(counterparty_status) = 'disclosed' THEN arg_min(supplier, line)
        WHEN any_value(counterparty_status) = 'unknown' THEN 'Supplier not given'
        ELSE 'Supplier ' || any_value(counterparty_status)
    END AS name,
    any_value(counterparty_status) = 'disclosed' AS named,
    arg_min(organisation_id, line) AS org_id,
    CASE WHEN any_value(counterparty_status) = 'disclosed' THEN arg_min(supplier, line) END AS supplier,
    $source_id AS source_id,
    $file || ', row ' || min(line) AS locator,
    'Supplier first seen on row ' || min(line) || ' of ' || $file || '.' AS claim
FROM (
    SELECT *, nullif(trim(left(trim(regexp_replace(lower(organisation), '[^a-z0-9]+', '-', 'g'), '-'), 48), '-'), '') AS organisation_id
    FROM staged
)
GROUP BY subject_id;

-- import_payments_suppliers: one project row per supplier (named by the first
-- row that names it); every payment to a redacted supplier shares one
-- unnamed row. Suppliers already known from an earlier file are kept.
-- Input: temp table `subjects` (import_payments_subjects.sql).
INSERT OR IGNORE INTO projects BY NAME
SELECT
    $dataset AS dataset,
    subject_id AS project_id,
    CASE WHEN any_value(counterparty_status) = 'disclosed' THEN arg_min(supplier, first_line)
        WHEN any_value(counterparty_status) = 'unknown' THEN 'Supplier not given'
        ELSE 'Supplier ' || any_value(counterparty_status)
    END AS name,
    any_value(counterparty_status) = 'disclosed' AS named,
    arg_min(org_id, first_line) AS org_id,
    CASE WHEN any_value(counterparty_status) = 'disclosed' THEN arg_min(supplier, first_line) END AS supplier,
    $source_id AS source_id,
    $file || ', row ' || min(first_line) AS locator,
    'Supplier first seen on row ' || min(first_line) || ' of ' || $file || '.' AS claim
FROM subjects
GROUP BY subject_id;

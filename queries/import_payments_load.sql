-- import_payments_load: one payment file's rows into figure_facts, one figure
-- per payment, in a single pass over the file's rows.
-- Input: temp table `raw` (foi.importing.load: cells as text, `line` the
-- file row; the fast expression reads plain amounts, import_payments_fast.sql), `subjects`
-- (import_payments_subjects.sql) and two lookups the importer filled once per
-- distinct text with foi's own parsers: `amounts` (trimmed amount text ->
-- value, disclosure, exemption; only texts `fast` could not read) and `days`
-- (date text as written -> date).
-- A figure of a second money column (VAT, Net) gets the id <source>-r<row>$suffix.
-- The locator and claim carry a {row} placeholder and `line` the row, and the
-- figure id is left to the view `figures` ($source_id-r<row>, schema.sql). Figures are numbered on from
-- $first_fact, the first free fact_id.
-- {amount}, {supplier}, {supplier_id}, {date}, {transaction}, {expense_type},
-- {expense_area} are column names from an allow-list (c0, c1, ...) or NULL.
INSERT INTO figure_facts BY NAME
SELECT
    $dataset AS dataset,
    CASE WHEN $suffix = '' THEN NULL ELSE $source_id || '-r' || r.line || $suffix END AS figure_id,
    'project' AS subject_type,
    s.subject_id,
    $basis AS basis,
    CASE WHEN ({fast}) IS NOT NULL THEN 'disclosed' ELSE coalesce(a.disclosure, 'unknown') END AS disclosure,
    coalesce(a.qualifier, 'exact') AS qualifier,
    CAST(coalesce(({fast}) * $unit, a.amount_gbp) AS DECIMAL(18, 2)) AS amount_gbp,
    a.amount_low_gbp,
    a.amount_high_gbp,
    CASE WHEN s.counterparty_status = 'disclosed' THEN s.supplier END AS counterparty,
    s.counterparty_status,
    nullif(trim({expense_type}), '') AS category,
    nullif(trim({expense_area}), '') AS area,
    nullif(trim({transaction}), '') AS reference,
    a.exemption_statute,
    a.exemption_sections,
    a.exemption_basis,
    a.exemption_reason,
    trim({amount}) AS original_text,
    d.day AS as_of,
    $source_id AS source_id,
    $locator AS locator,
    $claim AS claim,
    r.line AS line,
    r.line + $first_fact AS fact_id
FROM raw r
JOIN subjects s ON s.raw_id IS NOT DISTINCT FROM {supplier_id} AND s.raw_name IS NOT DISTINCT FROM {supplier}
LEFT JOIN amounts a ON ({fast}) IS NULL AND a.text = coalesce(trim({amount}), '')
LEFT JOIN days d ON d.text IS NOT DISTINCT FROM {date};

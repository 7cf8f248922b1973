-- import_payments_stage: one payment file's rows, staged as figures.
-- Input: temp table `raw` (columns c0, c1, ... as text, and `line`, the row
-- number in the file) and three lookup tables the importer filled once per
-- distinct text with foi's own parsers: `amounts` (amount text -> value,
-- disclosure, exemption), `payees` (supplier text -> whether the name was
-- disclosed) and `days` (date text -> date). Plain numbers ("1234.56",
-- "£1,234.56", "-3,000") are parsed here, in bulk; every other form goes
-- through the lookup, so both routes classify a cell alike.
-- {amount}, {supplier}, {supplier_id}, {organisation}, {date}, {transaction},
-- {expense_type}, {expense_area} are column names from an allow-list (c0, c1,
-- ...) or NULL.
CREATE OR REPLACE TEMP TABLE staged AS
WITH cells AS (
    SELECT
        line,
        trim({amount}) AS amount_text,
        CASE WHEN regexp_full_match(trim({amount}), '-?£?\s?(\d{1,3}(,\d{3})+|\d+)(\.\d{1,2})?')
            THEN TRY_CAST(regexp_replace(trim({amount}), '[£,\s]', '', 'g') AS DECIMAL(18, 2))
        END AS fast,
        nullif(trim({supplier}), '') AS supplier,
        coalesce(nullif(trim({supplier_id}), ''), nullif(trim({supplier}), '')) AS supplier_key,
        nullif(trim({organisation}), '') AS organisation,
        nullif(trim({date}), '') AS date_text,
        nullif(trim({transaction}), '') AS reference,
        nullif(trim({expense_type}), '') AS category,
        nullif(trim({expense_area}), '') AS area
    FROM raw
)
SELECT
    c.line,
    $source_id || '-r' || c.line AS figure_id,
    CASE WHEN p.status = 'disclosed'
        THEN 'supplier-'
            || coalesce(nullif(trim(left(trim(regexp_replace(lower(c.supplier_key), '[^a-z0-9]+', '-', 'g'), '-'), 48), '-'), ''), 'x')
            || '-' || left(md5(c.supplier_key), 6)
        ELSE 'supplier-' || coalesce(p.status, 'unknown')
    END AS subject_id,
    coalesce(p.status, 'unknown') AS counterparty_status,
    c.supplier,
    c.organisation,
    CASE WHEN c.fast IS NOT NULL THEN 'disclosed' ELSE coalesce(a.status, 'unknown') END AS parsed_status,
    CASE WHEN c.fast IS NOT NULL THEN 'disclosed' ELSE coalesce(a.disclosure, 'unknown') END AS disclosure,
    coalesce(a.qualifier, 'exact') AS qualifier,
    CAST(coalesce(c.fast * $unit, a.amount_gbp) AS DECIMAL(18, 2)) AS amount_gbp,
    a.amount_low_gbp,
    a.amount_high_gbp,
    a.exemption_statute,
    a.exemption_sections,
    a.exemption_basis,
    a.exemption_reason,
    c.amount_text AS original_text,
    d.day AS as_of,
    c.reference,
    c.category,
    c.area
FROM cells c
LEFT JOIN amounts a ON c.fast IS NULL AND a.text = coalesce(c.amount_text, '')
LEFT JOIN payees p ON p.text = coalesce(c.supplier, '')
LEFT JOIN days d ON d.text = coalesce(c.date_text, '');

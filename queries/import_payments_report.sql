-- import_payments_report: how one file's amount cells were classified, for
-- the import report: per status the cells and money, per exemption section
-- the withheld cells, and the money paid to suppliers whose names were kept
-- back. Reads the rows just loaded; `amounts` (see import_payments_load.sql)
-- tells a blank cell from one that could not be read.
SELECT
    CASE WHEN a.text IS NULL THEN f.disclosure ELSE a.status END AS parsed_status,
    f.exemption_sections,
    f.exemption_basis,
    f.counterparty_status,
    count(*) AS cells,
    sum(CASE WHEN f.disclosure = 'disclosed' THEN f.amount_gbp END) AS amount_gbp
FROM figure_facts f
LEFT JOIN amounts a ON f.disclosure <> 'disclosed' AND a.text = coalesce(f.original_text, '')
WHERE f.dataset = $dataset AND f.source_id = $source_id AND f.basis = $basis
    AND ($suffix IS NULL OR ends_with(f.figure_id, $suffix))
GROUP BY ALL;

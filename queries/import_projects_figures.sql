-- import_projects_figures: one figure per cell of one amount column of a
-- project table, in one pass. Input: `raw` (see import_projects_load.sql),
-- `amounts` (each distinct amount text read once by foi's parser: value,
-- disclosure, exemption) and `days` (date texts read once).
-- $locator and $claim carry a {row} placeholder filled with the row here;
-- figure ids are <project>-c<n>, `line` the file row, and figures are numbered on
-- from $first_fact.
-- $as_of is the release's date, for a file whose date column is no figure's date.
-- {amount}, {date}, {notes} are column names from an allow-list (c0, ...) or NULL.
INSERT INTO figure_facts BY NAME
SELECT
    $dataset AS dataset,
    $source_id || '-r' || r.line || '-c' || $n AS figure_id,
    'project' AS subject_type,
    $source_id || '-r' || r.line AS subject_id,
    $basis AS basis,
    coalesce(a.disclosure, 'unknown') AS disclosure,
    coalesce(a.qualifier, 'exact') AS qualifier,
    a.amount_gbp,
    a.amount_low_gbp,
    a.amount_high_gbp,
    a.exemption_statute,
    a.exemption_sections,
    a.exemption_basis,
    a.exemption_reason,
    coalesce(trim({amount}), '') AS original_text,
    coalesce(d.day, CAST($as_of AS DATE)) AS as_of,
    $source_id AS source_id,
    replace($locator, '{row}', CAST(r.line AS VARCHAR)) AS locator,
    coalesce(nullif(trim({notes}), ''), replace($claim, '{row}', CAST(r.line AS VARCHAR))) AS claim,
    r.line AS line,
    $first_fact + row_number() OVER (ORDER BY r.line) AS fact_id
FROM raw r
LEFT JOIN amounts a ON a.text = coalesce(trim({amount}), '')
LEFT JOIN days d ON d.text IS NOT DISTINCT FROM {date};

-- release_fields: the cost fields of one or more releases (a basis, and its n-th column when
-- a file has several), with the column header each release printed and how many figures
-- it holds: What changed lists the fields only one release of a pair has.
WITH slots AS (
    SELECT f.dataset, f.basis, f.locator,
        row_number() OVER (PARTITION BY f.dataset, f.subject_id, f.basis ORDER BY f.fact_id) AS slot
    FROM figures f
    WHERE list_contains($datasets, f.dataset) AND f.subject_type = 'project' AND f.basis <> 'payment'
)
SELECT dataset,
    basis || CASE WHEN slot > 1 THEN '-' || slot ELSE '' END AS field_key,
    basis,
    max(regexp_extract(locator, 'column ''(.*)''$', 1)) AS header,
    count(*) AS figures
FROM slots
GROUP BY ALL
ORDER BY dataset, field_key

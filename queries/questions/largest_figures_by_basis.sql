-- What are the largest figures on each basis, and who gives them?
-- The five largest disclosed amounts of each basis, each with its source.
-- A basis is what an amount measures (contract value, spend to date, a payment ...);
-- figures of different bases are never ranked together. `qualifier` says whether the
-- amount is exact, approximate or a bound, as the source printed it.
WITH answer AS (
    SELECT
        f.basis,
        row_number() OVER (PARTITION BY f.basis ORDER BY f.amount_gbp DESC, f.figure_id)
            AS place,
        coalesce(p.name, g.label) AS subject,
        f.amount_gbp,
        f.qualifier,
        f.period,
        f.counterparty,
        f.figure_id,
        s.publisher AS source,
        s.published,
        s.url,
        f.locator
    FROM figures f
    LEFT JOIN projects p ON f.subject_type = 'project' AND p.project_id = f.subject_id
    LEFT JOIN groups g ON f.subject_type = 'group' AND g.group_id = f.subject_id
    LEFT JOIN sources s ON s.source_id = f.source_id
    WHERE f.disclosure = 'disclosed' AND f.amount_gbp IS NOT NULL
    QUALIFY place <= 5
)
SELECT * FROM answer
UNION ALL BY NAME
SELECT 'No amount is disclosed in this dataset.' AS nothing_found
WHERE NOT EXISTS (FROM answer)
ORDER BY basis, place

-- change_options: the departments and cost fields What changed can filter on, across every
-- release (a dataset holding a project table), so a link's values can be checked before a
-- pair is chosen. A field is a basis, with "-2", "-3" ... for a second column of one basis.
WITH slots AS (
    SELECT f.basis,
        row_number() OVER (PARTITION BY f.dataset, f.subject_id, f.basis ORDER BY f.fact_id) AS slot
    FROM figure_facts f
    WHERE f.subject_type = 'project' AND f.basis <> 'payment'
)
SELECT DISTINCT 'field' AS field,
    basis || CASE WHEN slot > 1 THEN '-' || slot ELSE '' END AS value
FROM slots
UNION ALL
SELECT DISTINCT 'department', coalesce(o.name, p.org_id)
FROM projects p
LEFT JOIN organisations o ON o.dataset = p.dataset AND o.org_id = p.org_id
WHERE coalesce(o.name, p.org_id) IS NOT NULL
  AND EXISTS (SELECT 1 FROM figure_facts f WHERE f.dataset = p.dataset AND f.basis <> 'payment')
ORDER BY 1, 2

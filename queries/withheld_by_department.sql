-- withheld_by_department: how many cost figures each department had withheld, per cost field
-- and per release, with the counts beside the share (2 of 3 is not like 40 of 60). Project
-- figures of the releases in $datasets (a list); payments are not cost fields. Withheld
-- counts withheld and redacted figures; "not given" is blank, NA, not yet available or not
-- held. Departments in A-Z order, never ranked by their share.
SELECT * FROM (
SELECT
    f.dataset,
    coalesce(o.name, p.org_id, 'Department not given') AS department,
    f.basis,
    count(*) AS figures,
    count(*) FILTER (WHERE f.disclosure IN ('withheld', 'redacted')) AS withheld,
    count(*) FILTER (WHERE f.disclosure = 'disclosed') AS disclosed,
    count(*) FILTER (WHERE f.disclosure NOT IN ('disclosed', 'withheld', 'redacted')) AS not_given
FROM figures f
JOIN projects p ON p.dataset = f.dataset AND p.project_id = f.subject_id
LEFT JOIN organisations o ON o.dataset = p.dataset AND o.org_id = p.org_id
WHERE list_contains($datasets, f.dataset) AND f.subject_type = 'project' AND f.basis <> 'payment'
GROUP BY ALL
)
ORDER BY lower(department), basis, dataset

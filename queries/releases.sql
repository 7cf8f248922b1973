-- releases: the datasets that hold project tables, the releases "What changed" can
-- compare, oldest first within a series (a series' releases by the date each describes).
SELECT d.dataset, d.title, d.series, d.as_of, d.is_default,
    count(DISTINCT p.project_id) AS projects,
    count(DISTINCT p.project_id) FILTER (WHERE p.ref IS NOT NULL) AS with_ref
FROM datasets d
JOIN projects p ON p.dataset = d.dataset
WHERE EXISTS (
    SELECT 1 FROM figure_facts f
    WHERE f.dataset = d.dataset AND f.subject_type = 'project' AND f.basis <> 'payment'
)
GROUP BY ALL
ORDER BY d.series NULLS LAST, d.as_of NULLS LAST, d.dataset

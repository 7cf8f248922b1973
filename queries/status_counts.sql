-- status_counts: projects per status, organisation and named/unnamed, with the
-- sources that count them. Feeds the "projects by status" chart.
SELECT
    p.status,
    coalesce(st.label, p.status, 'No status') AS label,
    coalesce(st.role, 'other') AS role,
    coalesce(st.sort_order, 999) AS sort_order,
    coalesce(o.name, 'Organisation not stated') AS organisation,
    p.named,
    count(*) AS projects,
    string_agg(DISTINCT p.source_id, ', ' ORDER BY p.source_id) AS sources
FROM projects p
LEFT JOIN statuses st ON st.dataset = p.dataset AND st.status = p.status
LEFT JOIN organisations o ON o.dataset = p.dataset AND o.org_id = p.org_id
WHERE p.dataset = $dataset
GROUP BY ALL
ORDER BY sort_order, label, organisation, p.named DESC;

-- sources: every source with how many facts rest on it (figures, groups,
-- projects named, events, discrepancy sides).
WITH uses AS (
    SELECT source_id, 'figures' AS kind FROM figures WHERE dataset = $dataset
    UNION ALL SELECT source_id, 'groups' FROM groups WHERE dataset = $dataset
    UNION ALL SELECT source_id, 'projects' FROM projects WHERE dataset = $dataset AND named
    UNION ALL SELECT source_id, 'events' FROM events WHERE dataset = $dataset
    UNION ALL SELECT source_a, 'discrepancies' FROM discrepancies WHERE dataset = $dataset
    UNION ALL SELECT source_b, 'discrepancies' FROM discrepancies WHERE dataset = $dataset
)
SELECT
    s.source_id, s.publisher, s.published, s.kind, s.title, s.url, s.notes,
    count(*) FILTER (WHERE u.kind = 'figures') AS figures,
    count(*) FILTER (WHERE u.kind = 'groups') AS groups,
    count(*) FILTER (WHERE u.kind = 'projects') AS named_projects,
    count(*) FILTER (WHERE u.kind = 'events') AS events,
    count(*) FILTER (WHERE u.kind = 'discrepancies') AS discrepancy_sides
FROM sources s
LEFT JOIN uses u ON u.source_id = s.source_id
WHERE s.dataset = $dataset
GROUP BY ALL
ORDER BY s.published, s.source_id;

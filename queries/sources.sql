-- sources: every source with how many facts rest on it (figures, groups,
-- projects named, events, discrepancy sides).
-- Each kind is counted on its own table first: a payment file is one source
-- with a million figures, counted without carrying a million rows into a join.
WITH uses AS (
    SELECT source_id, 'figures' AS kind, count(*) AS n
    FROM figures WHERE dataset = $dataset GROUP BY ALL
    UNION ALL SELECT source_id, 'groups', count(*) FROM groups WHERE dataset = $dataset GROUP BY ALL
    UNION ALL SELECT source_id, 'projects', count(*)
        FROM projects WHERE dataset = $dataset AND named GROUP BY ALL
    UNION ALL SELECT source_id, 'events', count(*) FROM events WHERE dataset = $dataset GROUP BY ALL
    UNION ALL SELECT source_a, 'discrepancies', count(*)
        FROM discrepancies WHERE dataset = $dataset GROUP BY ALL
    UNION ALL SELECT source_b, 'discrepancies', count(*)
        FROM discrepancies WHERE dataset = $dataset GROUP BY ALL
)
SELECT
    s.source_id, s.publisher, s.published, s.kind, s.title, s.url, s.notes,
    coalesce(sum(u.n) FILTER (WHERE u.kind = 'figures'), 0) AS figures,
    coalesce(sum(u.n) FILTER (WHERE u.kind = 'groups'), 0) AS groups,
    coalesce(sum(u.n) FILTER (WHERE u.kind = 'projects'), 0) AS named_projects,
    coalesce(sum(u.n) FILTER (WHERE u.kind = 'events'), 0) AS events,
    coalesce(sum(u.n) FILTER (WHERE u.kind = 'discrepancies'), 0) AS discrepancy_sides
FROM sources s
LEFT JOIN uses u ON u.source_id = s.source_id
WHERE s.dataset = $dataset
GROUP BY ALL
ORDER BY s.published, s.source_id;

-- Where are projects or suppliers left unnamed, and how many?
-- A source that counts projects without naming them ("20 were stopped", three named) leaves
-- placeholder rows (projects.named = false) so the counts add up; a payment file's redacted
-- supplier is one unnamed row too. One row per group (the innermost one) and status.
WITH answer AS (
    SELECT
        coalesce(g.label, '(in no group)') AS group_name,
        coalesce(st.label, p.status, '(no status)') AS status,
        count(*) AS projects,
        count(*) FILTER (WHERE p.named) AS named,
        count(*) FILTER (WHERE NOT p.named) AS unnamed,
        g.member_count AS count_the_source_gives,
        s.publisher AS source_of_the_count
    FROM projects p
    LEFT JOIN groups g ON g.group_id = p.group_id
    LEFT JOIN statuses st ON st.status = p.status
    LEFT JOIN sources s ON s.source_id = g.source_id
    GROUP BY ALL
    HAVING count(*) FILTER (WHERE NOT p.named) > 0
)
SELECT * FROM answer
UNION ALL BY NAME
SELECT 'Every project in this dataset is named.' AS nothing_found
WHERE NOT EXISTS (FROM answer)
ORDER BY unnamed DESC, group_name

-- filter_options: the values each Projects filter can take in this dataset,
-- with how many rows carry each, so widgets offer only what exists.
-- Counted on the lean figure_keys (schema.sql); labels are joined on after.
WITH counted AS (
    SELECT 'status' AS field, status AS value, count(*) AS rows
    FROM figure_keys WHERE dataset = $dataset AND status IS NOT NULL GROUP BY ALL
    UNION ALL
    SELECT 'org', org_id, count(*)
    FROM figure_keys WHERE dataset = $dataset AND org_id IS NOT NULL GROUP BY ALL
    UNION ALL
    SELECT 'basis', basis, count(*)
    FROM figure_keys WHERE dataset = $dataset AND basis IS NOT NULL GROUP BY ALL
    UNION ALL
    SELECT 'disclosure', disclosure, count(*)
    FROM figure_keys WHERE dataset = $dataset GROUP BY ALL
    UNION ALL
    SELECT 'category', category, count(*)
    FROM figure_keys WHERE dataset = $dataset AND category IS NOT NULL GROUP BY ALL
    UNION ALL
    SELECT 'area', area, count(*)
    FROM figure_keys WHERE dataset = $dataset AND area IS NOT NULL GROUP BY ALL
    UNION ALL
    SELECT 'exemption', section, count(*)
    FROM (
        SELECT unnest(string_split(exemption_sections, ';')) AS section
        FROM figure_keys WHERE dataset = $dataset AND exemption_sections IS NOT NULL
    )
    GROUP BY ALL
)
SELECT
    c.field,
    c.value,
    coalesce(CASE c.field WHEN 'status' THEN st.label WHEN 'org' THEN o.name END, c.value) AS label,
    c.rows
FROM counted c
LEFT JOIN statuses st ON c.field = 'status' AND st.dataset = $dataset AND st.status = c.value
LEFT JOIN organisations o ON c.field = 'org' AND o.dataset = $dataset AND o.org_id = c.value
ORDER BY c.field, c.rows DESC, c.value;

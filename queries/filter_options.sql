-- filter_options: the values each Projects filter can take in this dataset,
-- with how many rows carry each, so widgets offer only what exists.
SELECT 'status' AS field, status AS value, any_value(status_label) AS label, count(*) AS rows
FROM figure_rows WHERE dataset = $dataset AND status IS NOT NULL GROUP BY ALL
UNION ALL
SELECT 'org', org_id, any_value(organisation), count(*)
FROM figure_rows WHERE dataset = $dataset AND org_id IS NOT NULL GROUP BY ALL
UNION ALL
SELECT 'basis', basis, basis, count(*)
FROM figure_rows WHERE dataset = $dataset AND basis IS NOT NULL GROUP BY ALL
UNION ALL
SELECT 'disclosure', coalesce(disclosure, 'no_figure'), coalesce(disclosure, 'no_figure'), count(*)
FROM figure_rows WHERE dataset = $dataset GROUP BY ALL
UNION ALL
SELECT 'exemption', section, section, count(*)
FROM (
    SELECT unnest(string_split(exemption_sections, ';')) AS section
    FROM figure_rows WHERE dataset = $dataset AND exemption_sections IS NOT NULL
)
GROUP BY ALL
ORDER BY field, rows DESC, value;

-- figure_rows_facets: what the rows the Projects filters match are made of:
-- per expense area, expense type, status and disclosure (one pass), and per
-- supplier, the project or group the row is about (when $subjects is true),
-- the rows and the money disclosed. Statuses are labelled from the dataset's
-- own vocabulary ("Corrective action", not corrective_action). The $top largest values of each field (by rows) are kept, and
-- the rest summed into one "other" row, so a chart or a click can narrow the
-- filters. Same filters as figure_rows.sql, through the same declared filters (foi/filters.py).
WITH matched AS (
    SELECT level, subject_id, name, status, disclosure, category, area, amount_gbp
    FROM figure_keys
    WHERE {filters}
),
counted AS (
    SELECT
        CASE
            WHEN GROUPING(area) = 0 THEN 'area'
            WHEN GROUPING(category) = 0 THEN 'category'
            WHEN GROUPING(status) = 0 THEN 'status'
            ELSE 'disclosure'
        END AS field,
        coalesce(area, category, status, disclosure) AS value,
        NULL AS subject_name,
        count(*) AS rows,
        sum(amount_gbp) FILTER (WHERE disclosure = 'disclosed') AS disclosed_gbp
    FROM matched
    GROUP BY GROUPING SETS ((area), (category), (status), (disclosure))
    UNION ALL
    -- Suppliers and projects: thousands of groups, so counted only when asked for.
    SELECT 'subject', subject_id, any_value(name), count(*),
        sum(amount_gbp) FILTER (WHERE disclosure = 'disclosed')
    FROM matched
    WHERE $subjects
    GROUP BY subject_id
),
ranked AS (
    SELECT *, row_number() OVER (PARTITION BY field ORDER BY rows DESC, value) AS rank
    FROM counted
    WHERE value IS NOT NULL
)
SELECT r.field, r.value,
    CASE r.field WHEN 'subject' THEN r.subject_name WHEN 'status' THEN coalesce(st.label, r.value)
        ELSE r.value END AS label,
    r.rows, r.disclosed_gbp, false AS other
FROM ranked r
LEFT JOIN statuses st ON r.field = 'status' AND st.dataset = $dataset AND st.status = r.value
WHERE r.rank <= $top
UNION ALL
SELECT field, NULL, NULL, sum(rows), sum(disclosed_gbp), true
FROM ranked
WHERE rank > $top
GROUP BY field
ORDER BY field, other, rows DESC, value;

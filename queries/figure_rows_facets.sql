-- figure_rows_facets: what the rows the Projects filters match are made of,
-- counted in one pass: per expense area, expense type, supplier (the project
-- or group the row is about), status and disclosure, the rows and the money
-- disclosed. The $top largest values of each field (by rows) are kept, and
-- the rest summed into one "other" row, so a chart or a click can narrow the
-- filters. Same filters as figure_rows.sql, through the same macro.
WITH matched AS (
    SELECT level, subject_id, name, status, disclosure, category, area, amount_gbp
    FROM figure_rows_filtered($dataset, $status, $org, $basis, $disclosure, $exemption, $category, $area, $q, $min, $max, $named_only)
),
counted AS (
    SELECT
        CASE
            WHEN GROUPING(area) = 0 THEN 'area'
            WHEN GROUPING(category) = 0 THEN 'category'
            WHEN GROUPING(subject_id) = 0 THEN 'subject'
            WHEN GROUPING(status) = 0 THEN 'status'
            ELSE 'disclosure'
        END AS field,
        coalesce(area, category, subject_id, status, disclosure) AS value,
        any_value(name) AS subject_name,
        count(*) AS rows,
        sum(amount_gbp) FILTER (WHERE disclosure = 'disclosed') AS disclosed_gbp
    FROM matched
    GROUP BY GROUPING SETS ((area), (category), (subject_id), (status), (disclosure))
),
ranked AS (
    SELECT *, row_number() OVER (PARTITION BY field ORDER BY rows DESC, value) AS rank
    FROM counted
    WHERE value IS NOT NULL
)
SELECT field, value, CASE WHEN field = 'subject' THEN subject_name ELSE value END AS label,
    rows, disclosed_gbp, false AS other
FROM ranked
WHERE rank <= $top
UNION ALL
SELECT field, NULL, NULL, sum(rows), sum(disclosed_gbp), true
FROM ranked
WHERE rank > $top
GROUP BY field
ORDER BY field, other, rows DESC, value;

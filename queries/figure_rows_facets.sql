-- figure_rows_facets: what the rows the Projects filters match are made of, in one
-- pass over figure_keys: per status, organisation, basis, disclosure, exemption
-- section, expense type and expense area (every field a Projects filter narrows, so
-- each value can be offered as a filter, as Datasette's facets are), and per
-- supplier, the project or group the row is about (when $subjects is true), with the
-- rows and the money disclosed, with its basis when it is all on one (disclosed_basis;
-- money on different bases is never added, so a sum over several is not for showing).
-- Statuses and organisations are labelled from the dataset's own vocabulary
-- ("Corrective action", not corrective_action).
-- The $top largest values of each field (by rows) are kept, and the rest summed into
-- one "other" row that says how many values it holds (value_count), so a chart or a
-- click can narrow the filters. A value the filters already pick is always kept, so
-- the page can show it as picked and offer to take it off again.
-- A figure can cite several exemption sections ('43;31') and counts under each, so
-- the exemption rows need not add up to the matching rows; inferred_rows says how
-- many of a section's figures the source gave no section for (our inference).
-- Same filters as figure_rows.sql, through the same declared filters (foi/filters.py).
WITH matched AS (
    SELECT level, subject_id, name, status, org_id, basis, disclosure, exemption_sections,
        category, area, amount_gbp, fact_id
    FROM figure_keys
    WHERE {filters}
),
-- The matching rows counted once per combination of the faceted fields (a few
-- hundred, even over millions of payments); every facet is summed from these.
combos AS (
    SELECT area, category, status, org_id, basis, exemption_sections, disclosure,
        count(*) AS rows, sum(amount_gbp) FILTER (WHERE disclosure = 'disclosed') AS disclosed_gbp,
        -- Withheld under a section we read from the source's wording, not one it cited.
        count(*) FILTER (WHERE exemption_sections IS NOT NULL AND fact_id IN (
            SELECT fact_id FROM figure_facts
            WHERE dataset = $dataset AND exemption_basis = 'inferred'
        )) AS inferred_rows
    FROM matched
    GROUP BY ALL
),
grouped AS (
    SELECT
        CASE
            WHEN GROUPING(area) = 0 THEN 'area'
            WHEN GROUPING(category) = 0 THEN 'category'
            WHEN GROUPING(status) = 0 THEN 'status'
            WHEN GROUPING(org_id) = 0 THEN 'org'
            WHEN GROUPING(basis) = 0 THEN 'basis'
            WHEN GROUPING(exemption_sections) = 0 THEN 'exemption'
            ELSE 'disclosure'
        END AS field,
        coalesce(area, category, status, org_id, basis, exemption_sections, disclosure) AS value,
        sum(rows) AS rows,
        sum(disclosed_gbp) AS disclosed_gbp,
        CASE WHEN min(basis) FILTER (WHERE disclosure = 'disclosed')
            = max(basis) FILTER (WHERE disclosure = 'disclosed')
            THEN min(basis) FILTER (WHERE disclosure = 'disclosed') END AS disclosed_basis,
        sum(inferred_rows) AS inferred_rows
    FROM combos
    GROUP BY GROUPING SETS (
        (area), (category), (status), (org_id), (basis), (exemption_sections), (disclosure)
    )
),
counted AS (
    SELECT field, value, NULL AS subject_name, rows, disclosed_gbp, disclosed_basis,
        NULL AS inferred_rows
    FROM grouped
    WHERE field <> 'exemption'
    UNION ALL
    -- Sections from the few distinct combinations counted above, not from every row.
    SELECT 'exemption', section, NULL, sum(rows), sum(disclosed_gbp), NULL, sum(inferred_rows)
    FROM (
        SELECT unnest(string_split(value, ';')) AS section, rows, disclosed_gbp, inferred_rows
        FROM grouped
        WHERE field = 'exemption' AND value IS NOT NULL
    )
    GROUP BY section
    UNION ALL
    -- Suppliers and projects: thousands of groups, so counted only when asked for.
    SELECT 'subject', subject_id, any_value(name), count(*),
        sum(amount_gbp) FILTER (WHERE disclosure = 'disclosed'),
        CASE WHEN min(basis) FILTER (WHERE disclosure = 'disclosed')
            = max(basis) FILTER (WHERE disclosure = 'disclosed')
            THEN min(basis) FILTER (WHERE disclosure = 'disclosed') END,
        NULL
    FROM matched
    WHERE $subjects
    GROUP BY subject_id
),
-- Largest first, but a value the filters pick first of all.
ranked AS (
    SELECT *, row_number() OVER (
        PARTITION BY field
        ORDER BY coalesce(CASE field
            WHEN 'status' THEN list_contains($status, value)
            WHEN 'org' THEN list_contains($org, value)
            WHEN 'basis' THEN list_contains($basis, value)
            WHEN 'disclosure' THEN list_contains($disclosure, value)
            WHEN 'exemption' THEN list_contains($exemption, value)
            WHEN 'category' THEN list_contains($category, value)
            WHEN 'area' THEN list_contains($area, value)
        END, false) DESC, rows DESC, value
    ) AS rank
    FROM counted
    WHERE value IS NOT NULL
)
SELECT r.field, r.value,
    CASE r.field
        WHEN 'subject' THEN r.subject_name
        WHEN 'status' THEN coalesce(st.label, r.value)
        WHEN 'org' THEN coalesce(o.name, r.value)
        ELSE r.value
    END AS label,
    r.rows, r.disclosed_gbp, r.disclosed_basis, false AS other, 1 AS value_count,
    r.inferred_rows
FROM ranked r
LEFT JOIN statuses st ON r.field = 'status' AND st.dataset = $dataset AND st.status = r.value
LEFT JOIN organisations o ON r.field = 'org' AND o.dataset = $dataset AND o.org_id = r.value
WHERE r.rank <= $top
UNION ALL
SELECT field, NULL, NULL, sum(rows), sum(disclosed_gbp), NULL, true, count(*), NULL
FROM ranked
WHERE rank > $top
GROUP BY field
ORDER BY field, other, rows DESC, value;

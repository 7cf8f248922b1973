-- source_figures: the figures each source supports, for the Sources page.
-- Withheld figures are listed too: a refusal is a fact the source reports.
-- A payment file supports a figure per row, so each source lists at most
-- $per_source figures (its first rows; `figures` in sources.sql counts them
-- all), which keeps the page quick with millions of rows.
WITH firsts AS (
    SELECT source_id, min(line) AS first_line
    FROM figure_facts
    WHERE dataset = $dataset AND line IS NOT NULL
    GROUP BY source_id
),
picked AS (  -- chosen on the stored columns; the full view is read for these rows only
    SELECT f.fact_id
    FROM figure_facts f
    LEFT JOIN firsts r ON r.source_id = f.source_id
    WHERE f.dataset = $dataset AND (f.line IS NULL OR f.line < r.first_line + $per_source)
)
SELECT
    f.source_id,
    f.figure_id,
    coalesce(p.name, g.label) AS subject,
    f.basis,
    f.disclosure,
    f.amount_gbp,
    f.original_text,
    f.locator,
    f.claim
FROM picked k
JOIN figures f ON f.fact_id = k.fact_id
LEFT JOIN projects p ON f.subject_type = 'project' AND p.dataset = f.dataset AND p.project_id = f.subject_id
LEFT JOIN groups g ON f.subject_type = 'group' AND g.dataset = f.dataset AND g.group_id = f.subject_id
QUALIFY row_number() OVER (PARTITION BY f.source_id ORDER BY f.disclosure, f.line, f.figure_id) <= $per_source
ORDER BY f.source_id, f.disclosure, f.line, f.figure_id;

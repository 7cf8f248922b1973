-- For each status, how many figures are disclosed or withheld?
-- The status is the project's (or the group's): stopped / corrective action here, Red /
-- Amber / Green in a delivery-confidence file. "Not given" is a blank, an n/a or a figure
-- not yet available: nothing was disclosed, but no exemption was cited either.
WITH answer AS (
    SELECT
        coalesce(st.label, p.status, g.status, '(no status)') AS status,
        f.basis,
        count(*) AS figures,
        count(*) FILTER (WHERE f.disclosure = 'disclosed') AS disclosed,
        count(*) FILTER (WHERE f.disclosure IN ('withheld', 'redacted')) AS withheld,
        count(*) FILTER (WHERE f.disclosure NOT IN ('disclosed', 'withheld', 'redacted'))
            AS not_given,
        round(100 * count(*) FILTER (WHERE f.disclosure IN ('withheld', 'redacted'))
            / count(*), 1) AS withheld_pct,
        min(st.sort_order) AS status_order
    FROM figures f
    LEFT JOIN projects p ON f.subject_type = 'project' AND p.project_id = f.subject_id
    LEFT JOIN groups g ON f.subject_type = 'group' AND g.group_id = f.subject_id
    LEFT JOIN statuses st ON st.status = coalesce(p.status, g.status)
    GROUP BY ALL
)
SELECT * EXCLUDE (status_order)
FROM (
    FROM answer
    UNION ALL BY NAME
    SELECT 'This dataset holds no figures.' AS nothing_found
    WHERE NOT EXISTS (FROM answer)
)
ORDER BY status_order NULLS LAST, status, basis

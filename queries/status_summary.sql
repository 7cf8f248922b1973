-- status_summary: per status, how many projects (named and unnamed), and the
-- disclosed money about them, one row per basis. Bases are never added
-- together. When two sources give the same project's amount on the same basis
-- (Scotland Yard and Police Professional both say £65m spent), it is counted
-- once: the largest value per project and basis.
WITH per_project AS (  -- figure_keys: projects already joined to their figures
    SELECT status, basis, subject_id AS project_id, max(amount_gbp) AS amount_gbp
    FROM figure_keys
    WHERE dataset = $dataset AND level = 'project'
        AND disclosure = 'disclosed' AND amount_gbp IS NOT NULL
    GROUP BY ALL
),
money AS (
    SELECT status, basis, sum(amount_gbp) AS disclosed_gbp, count(*) AS projects_with_figure
    FROM per_project
    GROUP BY ALL
),
counts AS (
    SELECT status, count(*) AS projects, count(*) FILTER (WHERE named) AS named
    FROM projects
    WHERE dataset = $dataset
    GROUP BY ALL
)
SELECT
    c.status,
    coalesce(st.label, c.status, 'No status') AS label,
    coalesce(st.role, 'other') AS role,
    coalesce(st.sort_order, 999) AS sort_order,
    c.projects,
    c.named,
    m.basis,
    m.disclosed_gbp,
    m.projects_with_figure
FROM counts c
LEFT JOIN money m ON m.status IS NOT DISTINCT FROM c.status
LEFT JOIN statuses st ON st.dataset = $dataset AND st.status = c.status
ORDER BY sort_order, c.status, m.basis;

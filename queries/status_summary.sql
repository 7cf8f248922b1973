-- status_summary: per status, how many projects there are and how many are named.
-- (Money per status and basis is status_money.sql, which never picks one of two figures.)
WITH counts AS (
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
    c.named
FROM counts c
LEFT JOIN statuses st ON st.dataset = $dataset AND st.status = c.status
ORDER BY sort_order, c.status;

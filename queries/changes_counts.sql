-- changes_counts: how many rows of each change type each cost field and department has,
-- and the money they held before and after: the cards, the chart by department and
-- `foi changes --json` are all read from here. {changes} takes queries/changes.sql (its
-- values stay bound: $from, $to, $departments, $fields, $changes).
WITH c AS ({changes})
SELECT
    field_key, basis, slot, field, change, department,
    count(*) AS n,
    count(DISTINCT project_from) AS projects_from,
    sum(amount_from) AS gbp_from,
    sum(amount_to) AS gbp_to,
    count(*) FILTER (WHERE method = 'name') AS by_name,
    count(*) FILTER (WHERE section_changed) AS section_changed
FROM c
GROUP BY ALL
ORDER BY field_key NULLS LAST, change, department

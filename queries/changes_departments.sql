-- changes_departments: matched projects whose department is named differently in the
-- later release (BEIS then DESNZ, say): one project, matched on its id, under both names.
-- {changes} takes queries/changes.sql.
WITH c AS ({changes})
SELECT department_from, department_to, count(DISTINCT project_from) AS projects
FROM c
WHERE change NOT IN ('joined', 'left') AND department_from IS DISTINCT FROM department_to
GROUP BY ALL
ORDER BY projects DESC, department_from, department_to

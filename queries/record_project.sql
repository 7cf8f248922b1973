-- record_project: everything known about one project, for its record page
-- (/record?dataset=...&project=<project_id>): every column, with the labels of its
-- status, organisation and group, and the name of a project it may be the same as.
--   $dataset, $project: the project's id, as in the subject_id column of a download
SELECT
    p.project_id, p.name, p.named, p.ref, p.status, st.label AS status_label,
    p.org_id, o.name AS organisation, p.group_id, g.label AS group_label,
    p.category, p.supplier, p.related_id, r.name AS related_name, p.relation,
    p.start_date, p.end_date, p.source_id, p.locator, p.claim
FROM projects p
LEFT JOIN statuses st ON st.dataset = p.dataset AND st.status = p.status
LEFT JOIN organisations o ON o.dataset = p.dataset AND o.org_id = p.org_id
LEFT JOIN groups g ON g.dataset = p.dataset AND g.group_id = p.group_id
LEFT JOIN projects r ON r.dataset = p.dataset AND r.project_id = p.related_id
WHERE p.dataset = $dataset AND p.project_id = $project;

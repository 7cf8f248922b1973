-- record_members: the projects of a group, directly or through its nested groups
-- (group_members in schema.sql), named ones first, at most $limit; `total` counts all.
--   $dataset, $group, $limit
SELECT
    p.project_id, p.name, p.named, p.status, st.label AS status_label, p.group_id,
    count(*) OVER () AS total
FROM group_members m
JOIN projects p ON p.dataset = m.dataset AND p.project_id = m.project_id
LEFT JOIN statuses st ON st.dataset = p.dataset AND st.status = p.status
WHERE m.dataset = $dataset AND m.group_id = $group
ORDER BY p.named DESC, p.name, p.project_id
LIMIT $limit;

-- record_group: everything known about one group of projects, for its record page
-- (/record?dataset=...&group=<group_id>): every column, the label of its parent group
-- and status, and how many of its members (directly or through nested groups) the
-- data names.
--   $dataset, $group: the group's id, as in the subject_id column of a download
SELECT
    g.group_id, g.label, g.status, st.label AS status_label, g.parent_id,
    parent.label AS parent_label, g.member_count,
    (SELECT count(*) FROM group_members m
        WHERE m.dataset = g.dataset AND m.group_id = g.group_id AND m.named) AS named_members,
    (SELECT count(*) FROM group_members m
        WHERE m.dataset = g.dataset AND m.group_id = g.group_id) AS member_rows,
    g.source_id, g.locator, g.claim
FROM groups g
LEFT JOIN statuses st ON st.dataset = g.dataset AND st.status = g.status
LEFT JOIN groups parent ON parent.dataset = g.dataset AND parent.group_id = g.parent_id
WHERE g.dataset = $dataset AND g.group_id = $group;

-- group_member_figures: every figure about a member of a group (disclosed or
-- not), for itemising group totals and counting what is withheld.
SELECT
    gm.group_id,
    gm.project_id,
    p.name,
    gm.named,
    f.figure_id,
    f.basis,
    f.disclosure,
    f.qualifier,
    f.amount_gbp,
    f.exemption_sections,
    f.exemption_basis,
    f.source_id,
    f.locator
FROM group_members gm
JOIN projects p ON p.dataset = gm.dataset AND p.project_id = gm.project_id
JOIN figures f
    ON f.dataset = gm.dataset AND f.subject_type = 'project' AND f.subject_id = gm.project_id
WHERE gm.dataset = $dataset
ORDER BY gm.group_id, gm.project_id, f.figure_id;

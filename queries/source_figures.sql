-- source_figures: the figures each source supports, for the Sources page.
-- Withheld figures are listed too: a refusal is a fact the source reports.
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
FROM figures f
LEFT JOIN projects p ON f.subject_type = 'project' AND p.dataset = f.dataset AND p.project_id = f.subject_id
LEFT JOIN groups g ON f.subject_type = 'group' AND g.dataset = f.dataset AND g.group_id = f.subject_id
WHERE f.dataset = $dataset
ORDER BY f.source_id, f.disclosure, f.figure_id;

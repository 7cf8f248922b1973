-- record_figures: the figures a record lists: those about one project or group
-- ($subject_type and $subject_id set), or those citing one source ($source set), each
-- with what it is about. A payment file's source is cited by a figure per row, so at
-- most $limit rows come back, the first in the file's order; `total` counts them all.
--   $dataset; $subject_type, $subject_id or NULL; $source or NULL; $limit
SELECT
    f.figure_id, f.subject_type, f.subject_id, coalesce(p.name, g.label) AS subject_name,
    f.basis, f.disclosure, f.qualifier, f.amount_gbp, f.period, f.counterparty,
    f.exemption_sections, f.original_text, f.as_of, f.source_id, f.locator, f.claim,
    count(*) OVER () AS total
FROM figures f
LEFT JOIN projects p ON f.subject_type = 'project' AND p.dataset = f.dataset AND p.project_id = f.subject_id
LEFT JOIN groups g ON f.subject_type = 'group' AND g.dataset = f.dataset AND g.group_id = f.subject_id
WHERE f.dataset = $dataset
    AND ($subject_id IS NULL OR (f.subject_type = $subject_type AND f.subject_id = $subject_id))
    AND ($source IS NULL OR f.source_id = $source)
ORDER BY f.line NULLS FIRST, f.figure_id
LIMIT $limit;

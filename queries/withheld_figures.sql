-- withheld_figures: every figure that was not disclosed, with the exemption
-- cited (and whether the source stated it or we inferred it) and its source.
SELECT
    f.figure_id,
    f.subject_type,
    coalesce(p.name, g.label) AS subject,
    coalesce(p.named, true) AS named,
    coalesce(p.status, g.status) AS status,
    coalesce(p.group_id, g.parent_id) AS group_id,
    f.basis,
    f.disclosure,
    f.exemption_statute,
    f.exemption_sections,
    f.exemption_basis,
    f.exemption_reason,
    f.original_text,
    f.source_id,
    s.publisher AS source_publisher,
    s.url AS source_url,
    f.locator
FROM figures f
LEFT JOIN projects p ON f.subject_type = 'project' AND p.dataset = f.dataset AND p.project_id = f.subject_id
LEFT JOIN groups g ON f.subject_type = 'group' AND g.dataset = f.dataset AND g.group_id = f.subject_id
LEFT JOIN sources s ON s.dataset = f.dataset AND s.source_id = f.source_id
WHERE f.dataset = $dataset AND f.disclosure <> 'disclosed'
ORDER BY coalesce(p.status, g.status), coalesce(p.named, true) DESC, f.figure_id;

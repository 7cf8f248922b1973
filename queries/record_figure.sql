-- record_figure: everything known about one figure, for its record page
-- (/record?dataset=...&figure=<figure_id>): every column of the figure, and what it is
-- about (the project or group, its status and organisation). The source is read by
-- record_source.sql, the disagreements by record_discrepancies.sql.
--   $dataset, $figure: the figure's public id, as in the figure_id column of a download
--     (a row-located payment's id is its source id, "-r" and its row: FILE-...-r12)
SELECT
    f.figure_id, f.subject_type, f.subject_id,
    coalesce(p.name, g.label) AS subject_name,
    coalesce(p.status, g.status) AS status, st.label AS status_label,
    p.org_id, o.name AS organisation,
    f.basis, f.disclosure, f.qualifier, f.amount_gbp, f.amount_low_gbp, f.amount_high_gbp,
    f.period, f.counterparty, f.counterparty_status, f.category, f.area, f.reference,
    f.exemption_statute, f.exemption_sections, f.exemption_basis, f.exemption_reason,
    f.original_text, f.as_of, f.source_id, f.locator, f.claim, f.line
FROM figures f
LEFT JOIN projects p ON f.subject_type = 'project' AND p.dataset = f.dataset AND p.project_id = f.subject_id
LEFT JOIN groups g ON f.subject_type = 'group' AND g.dataset = f.dataset AND g.group_id = f.subject_id
LEFT JOIN statuses st ON st.dataset = f.dataset AND st.status = coalesce(p.status, g.status)
LEFT JOIN organisations o ON o.dataset = f.dataset AND o.org_id = p.org_id
WHERE f.dataset = $dataset AND f.figure_id = $figure
LIMIT 1;

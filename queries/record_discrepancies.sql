-- record_discrepancies: the declared disagreements a record is part of, both sides
-- with their sources: those naming the figure ($figure), those about the project or
-- group ($subject_type, $subject_id) or those citing the source ($source) on either
-- side. Parameters not used are NULL.
SELECT
    d.discrepancy_id, d.subject_type, d.subject_id, coalesce(p.name, g.label) AS subject,
    d.aspect, d.what_differs,
    d.value_a, d.source_a, sa.publisher AS publisher_a, sa.published AS published_a,
    sa.url AS url_a, d.locator_a, d.figure_a,
    d.value_b, d.source_b, sb.publisher AS publisher_b, sb.published AS published_b,
    sb.url AS url_b, d.locator_b, d.figure_b,
    d.note
FROM discrepancies d
LEFT JOIN projects p ON d.subject_type = 'project' AND p.dataset = d.dataset AND p.project_id = d.subject_id
LEFT JOIN groups g ON d.subject_type = 'group' AND g.dataset = d.dataset AND g.group_id = d.subject_id
LEFT JOIN sources sa ON sa.dataset = d.dataset AND sa.source_id = d.source_a
LEFT JOIN sources sb ON sb.dataset = d.dataset AND sb.source_id = d.source_b
WHERE d.dataset = $dataset
    AND (
        ($figure IS NOT NULL AND (d.figure_a = $figure OR d.figure_b = $figure))
        OR ($subject_id IS NOT NULL
            AND d.subject_type = $subject_type AND d.subject_id = $subject_id)
        OR ($source IS NOT NULL AND (d.source_a = $source OR d.source_b = $source))
    )
ORDER BY d.discrepancy_id;

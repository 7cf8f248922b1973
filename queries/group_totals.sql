-- group_totals: each group a source describes as a whole, with the count the
-- source gives, the member rows we hold (named and unnamed placeholders) and
-- its disclosed total, if any. The gap arithmetic is in foi/gaps.py.
WITH members AS (
    SELECT group_id, count(*) AS members, count(*) FILTER (WHERE named) AS named
    FROM group_members
    WHERE dataset = $dataset
    GROUP BY ALL
)
SELECT
    g.group_id,
    g.label,
    g.status,
    st.label AS status_label,
    st.role,
    g.parent_id,
    g.member_count,
    coalesce(m.members, 0) AS members,
    coalesce(m.named, 0) AS named,
    coalesce(m.members, 0) - coalesce(m.named, 0) AS unnamed,
    f.figure_id AS total_figure_id,
    f.amount_gbp AS total_gbp,
    f.basis AS total_basis,
    f.qualifier AS total_qualifier,
    f.original_text AS total_text,
    g.source_id,
    g.locator,
    f.source_id AS total_source_id,
    f.locator AS total_locator,
    s.url AS source_url,
    s.publisher AS source_publisher
FROM groups g
LEFT JOIN members m ON m.group_id = g.group_id
LEFT JOIN figures f
    ON f.dataset = g.dataset AND f.subject_type = 'group' AND f.subject_id = g.group_id
    AND f.disclosure = 'disclosed'
LEFT JOIN statuses st ON st.dataset = g.dataset AND st.status = g.status
LEFT JOIN sources s ON s.dataset = g.dataset AND s.source_id = g.source_id
WHERE g.dataset = $dataset
ORDER BY coalesce(st.sort_order, 0), g.group_id;

-- figure_keys_fill: one dataset's lean Projects rows (see figure_keys in
-- schema.sql), joined once when the dataset is built or imported so that no
-- page has to join projects and figures again. figure_keys_clear.sql empties
-- the dataset's rows first. name_key is the name as it sorts ("project 2" before
-- "project 10"), computed once per project or group, not once per payment.
INSERT INTO figure_keys BY NAME
SELECT
    p.dataset,
    'project' AS level,
    p.project_id AS subject_id,
    p.name,
    p.name_key,
    p.named,
    p.status,
    p.org_id,
    f.fact_id,
    f.basis,
    coalesce(f.disclosure, 'no_figure') AS disclosure,
    f.amount_gbp,
    f.exemption_sections,
    f.category,
    f.area,
    coalesce(f.counterparty, p.supplier) AS counterparty,
    coalesce(f.claim, p.claim) AS claim,
    coalesce(f.source_id, p.source_id) AS source_id
FROM (
    SELECT *, array_to_string(list_transform(regexp_extract_all(lower(name), '[0-9]+|[^0-9]+'),
        lambda x: CASE WHEN x[1] BETWEEN '0' AND '9' THEN lpad(x, CAST(greatest(20, length(x)) AS INTEGER), '0')
            ELSE x END), '') AS name_key
    FROM projects
    WHERE dataset = $dataset
) p
LEFT JOIN figure_facts f
    ON f.dataset = p.dataset AND f.subject_type = 'project' AND f.subject_id = p.project_id
WHERE p.dataset = $dataset
UNION ALL
SELECT
    g.dataset,
    'group' AS level,
    g.group_id AS subject_id,
    g.label || ' (' || g.member_count || ' projects)' AS name,
    array_to_string(list_transform(regexp_extract_all(lower(g.label || ' (' || g.member_count || ' projects)'), '[0-9]+|[^0-9]+'),
        lambda x: CASE WHEN x[1] BETWEEN '0' AND '9' THEN lpad(x, CAST(greatest(20, length(x)) AS INTEGER), '0')
            ELSE x END), '') AS name_key,
    true AS named,
    g.status,
    NULL AS org_id,
    f.fact_id,
    f.basis,
    f.disclosure,
    f.amount_gbp,
    f.exemption_sections,
    f.category,
    f.area,
    f.counterparty,
    f.claim,
    f.source_id
FROM figure_facts f
JOIN groups g ON g.dataset = f.dataset AND g.group_id = f.subject_id AND f.subject_type = 'group'
WHERE f.dataset = $dataset;

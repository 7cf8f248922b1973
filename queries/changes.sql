-- changes: every cost field of every project, from one release of a series to the next,
-- classified; plus one row for each project that joined or left the portfolio.
-- $from and $to are datasets (two releases). Projects are matched on the publisher's own
-- id (projects.ref) where it is unique in both releases; only a project whose id is
-- missing in one of them falls back to its name (normalised, unique among the unmatched,
-- never a placeholder). `method` says which matched each row.
-- A cost field is a basis (whole-life cost, financial-year baseline ...), and the n-th
-- column of that basis when a file has several; only fields both releases have are
-- compared. A cell is disclosed, withheld (withheld or redacted: an exemption was cited or
-- the figure blanked out) or not given (blank, NA, not yet available, not held).
-- $departments, $fields and $changes narrow the rows (NULL: all). Every value is bound.
WITH
side AS (
    SELECT
        p.dataset, p.project_id, p.ref, p.name, p.named,
        coalesce(o.name, p.org_id) AS department,
        trim(regexp_replace(lower(p.name), '[^a-z0-9]+', ' ', 'g')) AS name_key,
        count(*) OVER (PARTITION BY p.dataset, p.ref) AS ref_uses
    FROM projects p
    LEFT JOIN organisations o ON o.dataset = p.dataset AND o.org_id = p.org_id
    WHERE p.dataset IN ($from, $to)
),
a AS (SELECT * FROM side WHERE dataset = $from),
b AS (SELECT * FROM side WHERE dataset = $to),
by_ref AS (
    SELECT a.project_id AS a_id, b.project_id AS b_id, 'id' AS method
    FROM a JOIN b ON a.ref = b.ref
    WHERE a.ref IS NOT NULL AND a.ref_uses = 1 AND b.ref_uses = 1
),
a_rest AS (
    SELECT *, count(*) OVER (PARTITION BY name_key) AS name_uses FROM a
    WHERE named AND project_id NOT IN (SELECT a_id FROM by_ref)
),
b_rest AS (
    SELECT *, count(*) OVER (PARTITION BY name_key) AS name_uses FROM b
    WHERE named AND project_id NOT IN (SELECT b_id FROM by_ref)
),
by_name AS (
    SELECT a_rest.project_id AS a_id, b_rest.project_id AS b_id, 'name' AS method
    FROM a_rest JOIN b_rest ON a_rest.name_key = b_rest.name_key
    WHERE a_rest.name_uses = 1 AND b_rest.name_uses = 1
      AND (a_rest.ref IS NULL OR b_rest.ref IS NULL OR a_rest.ref_uses > 1 OR b_rest.ref_uses > 1)
),
pairs AS (SELECT * FROM by_ref UNION ALL SELECT * FROM by_name),
cells AS (
    SELECT
        f.dataset, f.subject_id AS project_id, f.basis,
        row_number() OVER (PARTITION BY f.dataset, f.subject_id, f.basis ORDER BY f.fact_id) AS slot,
        CASE
            WHEN f.disclosure = 'disclosed' THEN 'disclosed'
            WHEN f.disclosure IN ('withheld', 'redacted') THEN 'withheld'
            ELSE 'not_given'
        END AS state,
        f.disclosure, f.amount_gbp, f.exemption_sections, f.exemption_basis, f.original_text,
        f.source_id, f.locator, f.line,
        regexp_extract(f.locator, 'column ''(.*)''$', 1) AS header
    FROM figures f
    WHERE f.dataset IN ($from, $to) AND f.subject_type = 'project' AND f.basis <> 'payment'
),
fields AS (
    SELECT basis, slot, max(header) FILTER (WHERE dataset = $to) AS header
    FROM cells GROUP BY basis, slot
    HAVING count(DISTINCT dataset) = 2
),
compared AS (
    SELECT
        CASE
            WHEN ca.state = 'disclosed' AND cb.state = 'withheld' THEN 'went_dark'
            WHEN ca.state = 'withheld' AND cb.state = 'disclosed' THEN 'came_to_light'
            WHEN ca.state = 'withheld' AND cb.state = 'withheld' THEN 'stayed_withheld'
            WHEN ca.state = 'disclosed' AND cb.state = 'disclosed'
                AND ca.amount_gbp <> cb.amount_gbp THEN 'cost_moved'
            WHEN ca.state = 'disclosed' AND cb.state = 'disclosed' THEN 'unchanged'
            WHEN ca.state = 'disclosed' THEN 'no_longer_given'
            WHEN cb.state = 'disclosed' THEN 'first_given'
            WHEN cb.state = 'withheld' THEN 'newly_withheld'
            WHEN ca.state = 'withheld' THEN 'withheld_then_not_given'
            ELSE 'still_not_given'
        END AS change,
        fl.basis, fl.slot,
        fl.basis || CASE WHEN fl.slot > 1 THEN '-' || fl.slot ELSE '' END AS field_key,
        coalesce(fl.header, fl.basis) AS field,
        pr.method, pa.ref AS ref_from, pb.ref AS ref_to,
        pa.name AS name_from, pb.name AS name_to,
        pb.department AS department, pa.department AS department_from,
        pb.department AS department_to,
        pa.project_id AS project_from, pb.project_id AS project_to,
        ca.disclosure AS disclosure_from, ca.amount_gbp AS amount_from,
        ca.exemption_sections AS sections_from, ca.exemption_basis AS exemption_basis_from,
        ca.original_text AS text_from, ca.source_id AS source_from, ca.locator AS locator_from,
        cb.disclosure AS disclosure_to, cb.amount_gbp AS amount_to,
        cb.exemption_sections AS sections_to, cb.exemption_basis AS exemption_basis_to,
        cb.original_text AS text_to, cb.source_id AS source_to, cb.locator AS locator_to,
        CASE WHEN ca.state = 'disclosed' AND cb.state = 'disclosed'
            THEN cb.amount_gbp - ca.amount_gbp END AS moved_gbp,
        CASE WHEN ca.state = 'disclosed' AND cb.state = 'disclosed' AND ca.amount_gbp <> 0
            THEN (cb.amount_gbp - ca.amount_gbp) / abs(ca.amount_gbp) END AS moved_share,
        ca.state = 'withheld' AND cb.state = 'withheld'
            AND ca.exemption_sections IS DISTINCT FROM cb.exemption_sections AS section_changed
    FROM pairs pr
    JOIN a pa ON pa.project_id = pr.a_id
    JOIN b pb ON pb.project_id = pr.b_id
    CROSS JOIN fields fl
    LEFT JOIN cells ca ON ca.dataset = $from AND ca.project_id = pa.project_id
        AND ca.basis = fl.basis AND ca.slot = fl.slot
    LEFT JOIN cells cb ON cb.dataset = $to AND cb.project_id = pb.project_id
        AND cb.basis = fl.basis AND cb.slot = fl.slot
),
moves AS (
    SELECT
        CASE WHEN pb.project_id IS NULL THEN 'left' ELSE 'joined' END AS change,
        NULL AS basis, NULL AS slot, NULL AS field_key, NULL AS field,
        NULL AS method, pa.ref AS ref_from, pb.ref AS ref_to,
        pa.name AS name_from, pb.name AS name_to,
        coalesce(pb.department, pa.department) AS department,
        pa.department AS department_from, pb.department AS department_to,
        pa.project_id AS project_from, pb.project_id AS project_to,
        NULL AS disclosure_from, NULL AS amount_from, NULL AS sections_from,
        NULL AS exemption_basis_from, NULL AS text_from,
        (SELECT min(source_id) FROM projects WHERE dataset = $from AND project_id = pa.project_id) AS source_from,
        (SELECT min(locator) FROM projects WHERE dataset = $from AND project_id = pa.project_id) AS locator_from,
        NULL AS disclosure_to, NULL AS amount_to, NULL AS sections_to,
        NULL AS exemption_basis_to, NULL AS text_to,
        (SELECT min(source_id) FROM projects WHERE dataset = $to AND project_id = pb.project_id) AS source_to,
        (SELECT min(locator) FROM projects WHERE dataset = $to AND project_id = pb.project_id) AS locator_to,
        NULL AS moved_gbp, NULL AS moved_share, false AS section_changed
    FROM (SELECT * FROM a WHERE project_id NOT IN (SELECT a_id FROM pairs)) pa
    FULL JOIN (SELECT * FROM b WHERE project_id NOT IN (SELECT b_id FROM pairs)) pb ON false
)
SELECT * FROM (SELECT * FROM compared UNION ALL BY NAME SELECT * FROM moves)
WHERE ($departments IS NULL OR list_contains($departments, department))
  AND ($fields IS NULL OR field_key IS NULL OR list_contains($fields, field_key))
  AND ($changes IS NULL OR list_contains($changes, change))

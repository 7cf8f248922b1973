-- import_projects_load: one project a record of a project table, in one pass.
-- Input: temp table `raw` (foi.importing: records as text, `line` the file
-- row; rows that are not records already set aside) and `names` (each
-- distinct name text, read once by foi: does it name the project, or say the
-- name was kept back?). A project without a usable name is an explicit
-- placeholder, "Unnamed project (row N)", so counts still reconcile.
-- {name}, {organisation}, {status}, {supplier}, {notes} are column names from
-- an allow-list (c0, c1, ...) or NULL.
INSERT INTO projects BY NAME
SELECT
    $dataset AS dataset,
    $source_id || '-r' || r.line AS project_id,
    CASE WHEN n.named THEN trim({name}) ELSE 'Unnamed project (row ' || r.line || ')' END AS name,
    coalesce(n.named, false) AS named,
    nullif(trim(left(trim(regexp_replace(lower(trim({organisation})), '[^a-z0-9]+', '-', 'g'), '-'), 48), '-'), '') AS org_id,
    nullif(trim({status}), '') AS status,
    nullif(trim({supplier}), '') AS supplier,
    $source_id AS source_id,
    $file || ', row ' || r.line AS locator,
    coalesce(nullif(trim({notes}), ''), 'Row ' || r.line || ' of ' || $file || '.') AS claim
FROM raw r
LEFT JOIN names n ON n.text = nullif(trim({name}), '');

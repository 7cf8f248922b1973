-- import_projects_load: one project a record of a project table, in one pass.
-- Input: temp table `raw` (foi.importing: records as text, `line` the file
-- row; rows that are not records already set aside), `names` (each
-- distinct name text, read once by foi: does it name the project, or say the
-- name was kept back?), `status_words` (each status text as a status: a
-- rating as written, an exemption sentence as "Status withheld") and `days`.
-- A project without a usable name is an explicit placeholder, "Unnamed project
-- (row N)", so counts still reconcile.
-- {name}, {organisation}, {status}, {supplier}, {notes}, {project_ref},
-- {expense_type}, {start_date}, {end_date} are column names from an allow-list
-- (c0, c1, ...) or NULL.
INSERT INTO projects BY NAME
SELECT
    $dataset AS dataset,
    $source_id || '-r' || r.line AS project_id,
    CASE WHEN n.named THEN trim({name}) ELSE 'Unnamed project (row ' || r.line || ')' END AS name,
    coalesce(n.named, false) AS named,
    nullif(trim(left(trim(regexp_replace(lower(trim({organisation})), '[^a-z0-9]+', '-', 'g'), '-'), 48), '-'), '') AS org_id,
    w.status AS status,
    nullif(trim({expense_type}), '') AS category,
    nullif(trim({supplier}), '') AS supplier,
    $source_id AS source_id,
    $file || ', row ' || r.line AS locator,
    coalesce(nullif(trim({notes}), ''), 'Row ' || r.line || ' of ' || $file || '.') AS claim,
    nullif(trim({project_ref}), '') AS ref,
    ds.day AS start_date,
    de.day AS end_date
FROM raw r
LEFT JOIN names n ON n.text = nullif(trim({name}), '')
LEFT JOIN status_words w ON w.text = nullif(trim({status}), '')
LEFT JOIN days ds ON {start_date} IS NOT NULL AND ds.text = {start_date}
LEFT JOIN days de ON {end_date} IS NOT NULL AND de.text = {end_date};

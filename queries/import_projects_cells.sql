-- import_projects_cells: every non-blank cell of a project table's records, as printed,
-- into project_cells, so that columns no field took (narratives, a second rating, a
-- variance in %) are kept with their row and column. $headers is the file's header,
-- in column order (c0 is its first entry).
INSERT INTO project_cells BY NAME
SELECT
    $dataset AS dataset,
    $source_id || '-r' || line AS project_id,
    CAST(substr(col, 2) AS INTEGER) + 1 AS column_no,
    $headers[CAST(substr(col, 2) AS INTEGER) + 1] AS header,
    value,
    $source_id AS source_id,
    $file || ', row ' || line || ', column ''' || $headers[CAST(substr(col, 2) AS INTEGER) + 1] || '''' AS locator
FROM (UNPIVOT (SELECT line, COLUMNS('^c[0-9]+$') FROM raw) ON COLUMNS('^c[0-9]+$') INTO NAME col VALUE value)
WHERE trim(value) <> '';

-- record_project_cells: every non-blank cell of an imported project's record as the
-- release printed it (narratives, ratings, a variance in %), with where it is.
--   $dataset, $project
SELECT column_no, header, value, source_id, locator
FROM project_cells
WHERE dataset = $dataset AND project_id = $project
ORDER BY column_no;

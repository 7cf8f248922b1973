-- record_source_subjects: the projects and groups whose own row cites a source (the
-- source that names or counts them), at most $limit; `total` counts them all.
--   $dataset, $source, $limit
WITH cited AS (
    SELECT 'group' AS subject_type, group_id AS subject_id, label AS name, locator
    FROM groups WHERE dataset = $dataset AND source_id = $source
    UNION ALL
    SELECT 'project', project_id, name, locator
    FROM projects WHERE dataset = $dataset AND source_id = $source
)
SELECT subject_type, subject_id, name, locator, count(*) OVER () AS total
FROM cited
ORDER BY subject_type DESC, name, subject_id
LIMIT $limit;

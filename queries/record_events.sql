-- record_events: the dated events of a project's story ($project) or those a source
-- reports ($source), oldest first. The parameter not used is NULL.
SELECT event_id, event_date, date_precision, title, project_id, source_id, locator, claim
FROM events
WHERE dataset = $dataset
    AND (($project IS NOT NULL AND project_id = $project)
        OR ($source IS NOT NULL AND source_id = $source))
ORDER BY event_date, event_id;

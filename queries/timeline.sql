-- timeline: dated events in order, each with its source and the precision of
-- its date (a "2013" event is placed on 1 January but shown as 2013), and
-- the palette role of the project it concerns (to colour it like its status).
SELECT
    e.event_id, e.event_date, e.date_precision, e.title, e.claim,
    e.project_id, p.name AS project, coalesce(st.role, 'other') AS project_role,
    e.source_id, s.publisher, s.url AS source_url, e.locator
FROM events e
LEFT JOIN projects p ON p.dataset = e.dataset AND p.project_id = e.project_id
LEFT JOIN statuses st ON st.dataset = p.dataset AND st.status = p.status
LEFT JOIN sources s ON s.dataset = e.dataset AND s.source_id = e.source_id
WHERE e.dataset = $dataset
ORDER BY e.event_date, e.event_id;

-- record_source: one source, for its record page (/record?dataset=...&source=<source_id>)
-- and for the source block of every other record: every column, and how many facts of
-- each kind cite it.
--   $dataset, $source: the source's id, as in the source_id column of a download
SELECT
    s.source_id, s.publisher, s.published, s.kind, s.title, s.url, s.notes,
    (SELECT count(*) FROM figure_facts f
        WHERE f.dataset = s.dataset AND f.source_id = s.source_id) AS figures,
    (SELECT count(*) FROM projects p
        WHERE p.dataset = s.dataset AND p.source_id = s.source_id) AS projects,
    (SELECT count(*) FROM groups g
        WHERE g.dataset = s.dataset AND g.source_id = s.source_id) AS groups,
    (SELECT count(*) FROM events e
        WHERE e.dataset = s.dataset AND e.source_id = s.source_id) AS events
FROM sources s
WHERE s.dataset = $dataset AND s.source_id = $source;

-- How many figures does each source give, and where can I read it?
-- Counts of disclosed and withheld figures per source, with its link.
-- Every figure carries the source it came from. `link` is the source's address, or "no link
-- given" for a source you cannot follow online (an imported file, a document not published).
WITH answer AS (
    SELECT
        s.source_id,
        s.publisher,
        s.published,
        s.kind,
        s.title,
        coalesce(s.url, 'no link given') AS link,
        count(f.fact_id) AS figures,
        count(f.fact_id) FILTER (WHERE f.disclosure = 'disclosed') AS disclosed,
        count(f.fact_id) FILTER (WHERE f.disclosure IN ('withheld', 'redacted')) AS withheld
    FROM sources s
    LEFT JOIN figures f ON f.source_id = s.source_id
    GROUP BY ALL
)
SELECT * FROM answer
UNION ALL BY NAME
SELECT 'This dataset lists no sources.' AS nothing_found
WHERE NOT EXISTS (FROM answer)
ORDER BY figures DESC, source_id

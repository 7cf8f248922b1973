-- Which exemptions are cited, how often, stated or inferred?
-- One row per statute, section (as printed: "24;26" is two sections cited together) and
-- how the section is known: "stated" by the source, "inferred" by the dataset's compiler
-- (the body cited none), or "none given".
WITH answer AS (
    SELECT
        coalesce(f.exemption_statute, 'not given') AS statute,
        coalesce(f.exemption_sections, 'none') AS sections,
        coalesce(f.exemption_basis, 'none given') AS how_the_section_is_known,
        count(*) AS withheld_figures,
        count(DISTINCT f.subject_id) AS projects_or_groups,
        count(DISTINCT f.source_id) AS sources
    FROM figures f
    WHERE f.disclosure IN ('withheld', 'redacted')
    GROUP BY ALL
)
SELECT * FROM answer
UNION ALL BY NAME
SELECT 'Nothing in this dataset is withheld, so no exemption is cited.' AS nothing_found
WHERE NOT EXISTS (FROM answer)
ORDER BY withheld_figures DESC, sections

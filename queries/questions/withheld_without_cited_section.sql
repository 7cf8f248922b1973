-- Which withheld figures cite no section of the Act themselves?
-- None given, or only one the dataset's compiler inferred.
-- A withheld figure is a refusal, not a zero. `how_the_section_is_known` says whether the
-- source stated the section ("stated") or the dataset's compiler inferred it ("inferred"):
-- an inferred section is one the body never cited. A figure the body refused with no
-- section at all shows "none given".
WITH answer AS (
    SELECT
        f.figure_id,
        coalesce(p.name, g.label) AS subject,
        f.basis,
        f.disclosure,
        coalesce(f.exemption_basis, 'none given') AS how_the_section_is_known,
        f.exemption_statute,
        f.exemption_sections AS section,
        f.exemption_reason,
        f.original_text,
        s.publisher AS source,
        f.locator
    FROM figures f
    LEFT JOIN projects p ON f.subject_type = 'project' AND p.project_id = f.subject_id
    LEFT JOIN groups g ON f.subject_type = 'group' AND g.group_id = f.subject_id
    LEFT JOIN sources s ON s.source_id = f.source_id
    WHERE f.disclosure IN ('withheld', 'redacted')
        AND (f.exemption_sections IS NULL OR f.exemption_basis IS DISTINCT FROM 'stated')
)
SELECT * FROM answer
UNION ALL BY NAME
SELECT 'No withheld figure here lacks a cited section: each cites its own, or none is withheld.'
    AS nothing_found
WHERE NOT EXISTS (FROM answer)
ORDER BY figure_id

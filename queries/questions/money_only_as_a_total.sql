-- How much money is given only as a group total, never itemised?
-- This is the redacted-cost gap, per group.
-- A member project's figure is itemised only when it is the same kind of money as the total:
-- the same basis, and a stated one (an "unspecified" total cannot be shown to hold "spend to
-- date"), as on the Redacted-cost gaps page. A member is itemised once, at its largest
-- amount when sources differ. Groups whose total is withheld have no gap to compute.
WITH totals AS (
    SELECT
        g.group_id, g.label, g.member_count, f.figure_id, f.basis, f.qualifier,
        f.amount_gbp AS total_gbp, f.source_id
    FROM groups g
    JOIN figures f
        ON f.subject_type = 'group' AND f.subject_id = g.group_id
        AND f.disclosure = 'disclosed' AND f.amount_gbp IS NOT NULL
),
members AS (
    SELECT group_id, count(*) AS members, count(*) FILTER (WHERE named) AS named
    FROM group_members
    GROUP BY group_id
),
itemised AS (  -- each member once, at its largest compatible amount
    SELECT t.figure_id, m.project_id, max(f.amount_gbp) AS amount_gbp
    FROM totals t
    JOIN group_members m ON m.group_id = t.group_id
    JOIN figures f
        ON f.subject_type = 'project' AND f.subject_id = m.project_id
        AND f.disclosure = 'disclosed' AND f.amount_gbp IS NOT NULL
        AND f.basis = t.basis AND t.basis <> 'unspecified'
    GROUP BY ALL
),
parts AS (
    SELECT figure_id, sum(amount_gbp) AS itemised_gbp, count(*) AS itemised_members
    FROM itemised
    GROUP BY figure_id
),
answer AS (
    SELECT
        t.label AS group_name,
        t.basis,
        t.qualifier,
        t.total_gbp,
        coalesce(i.itemised_gbp, 0) AS itemised_gbp,
        t.total_gbp - coalesce(i.itemised_gbp, 0) AS never_itemised_gbp,
        coalesce(i.itemised_members, 0) AS itemised_members,
        coalesce(m.members, 0) AS members,
        coalesce(m.named, 0) AS named,
        coalesce(m.members, 0) - coalesce(m.named, 0) AS unnamed,
        t.member_count AS count_the_source_gives,
        s.publisher AS source,
        t.figure_id
    FROM totals t
    LEFT JOIN parts i ON i.figure_id = t.figure_id
    LEFT JOIN members m ON m.group_id = t.group_id
    LEFT JOIN sources s ON s.source_id = t.source_id
)
SELECT * FROM answer
UNION ALL BY NAME
SELECT 'No group total is disclosed in this dataset (a payment file or a project table has '
    || 'none), so no money is hidden inside one.' AS nothing_found
WHERE NOT EXISTS (FROM answer)
ORDER BY never_itemised_gbp DESC, group_name

-- What changed since the previous release of this series?
-- Which figures went dark, came to light or moved; which projects joined or left.
-- The previous release is the latest dataset of the same series with an earlier date
-- (`db.datasets` lists every dataset in the file). Projects are matched on the publisher's
-- own id (projects.ref, where it is unique in each release); each figure is compared with
-- the one of the same basis (the n-th, when a release has several). Went dark: disclosed
-- before, withheld now. `gbp_before` is the money when last disclosed, in that release's
-- prices. The What changed page makes the same comparison with more detail (it also
-- matches projects that lost their id by name).
WITH
this_release AS (SELECT series, as_of FROM datasets),
before_release AS (
    SELECT d.dataset
    FROM db.datasets d
    JOIN this_release r ON d.series = r.series AND d.as_of < r.as_of
    ORDER BY d.as_of DESC
    LIMIT 1
),
before_projects AS (
    SELECT project_id, ref FROM db.projects
    WHERE dataset = (FROM before_release)
),
now_projects AS (SELECT project_id, ref FROM projects),
pairs AS (
    SELECT b.project_id AS before_id, n.project_id AS now_id
    FROM (FROM before_projects WHERE ref IS NOT NULL QUALIFY count(*) OVER (PARTITION BY ref) = 1) b
    JOIN (FROM now_projects WHERE ref IS NOT NULL QUALIFY count(*) OVER (PARTITION BY ref) = 1) n
        ON n.ref = b.ref
),
before_cells AS (
    SELECT
        subject_id AS project_id, basis, disclosure, amount_gbp,
        row_number() OVER (PARTITION BY subject_id, basis ORDER BY fact_id) AS slot
    FROM db.figures
    WHERE dataset = (FROM before_release) AND subject_type = 'project' AND basis <> 'payment'
),
now_cells AS (
    SELECT
        subject_id AS project_id, basis, disclosure, amount_gbp,
        row_number() OVER (PARTITION BY subject_id, basis ORDER BY fact_id) AS slot
    FROM figures
    WHERE subject_type = 'project' AND basis <> 'payment'
),
compared AS (
    SELECT
        b.basis,
        CASE
            WHEN b.disclosure = 'disclosed' AND n.disclosure IN ('withheld', 'redacted')
                THEN 'went dark'
            WHEN b.disclosure IN ('withheld', 'redacted') AND n.disclosure = 'disclosed'
                THEN 'came to light'
            WHEN b.disclosure IN ('withheld', 'redacted') AND n.disclosure IN ('withheld', 'redacted')
                THEN 'stayed withheld'
            WHEN b.disclosure = 'disclosed' AND n.disclosure = 'disclosed'
                AND b.amount_gbp <> n.amount_gbp THEN 'cost moved'
            WHEN b.disclosure = 'disclosed' AND n.disclosure = 'disclosed' THEN 'unchanged'
            WHEN b.disclosure = 'disclosed' THEN 'no longer given'
            WHEN n.disclosure = 'disclosed' THEN 'given for the first time'
            ELSE 'other'
        END AS change,
        CASE WHEN b.disclosure = 'disclosed' THEN b.amount_gbp END AS gbp_before,
        CASE WHEN n.disclosure = 'disclosed' THEN n.amount_gbp END AS gbp_now
    FROM pairs p
    JOIN before_cells b ON b.project_id = p.before_id
    JOIN now_cells n ON n.project_id = p.now_id AND n.basis = b.basis AND n.slot = b.slot
),
answer AS (
    SELECT change, basis, count(*) AS how_many, 'figures' AS of_what,
        sum(gbp_before) AS gbp_before, sum(gbp_now) AS gbp_now
    FROM compared
    GROUP BY ALL
    UNION ALL
    SELECT 'joined', NULL, count(*), 'projects', NULL, NULL
    FROM now_projects WHERE project_id NOT IN (SELECT now_id FROM pairs)
    UNION ALL
    SELECT 'left', NULL, count(*), 'projects', NULL, NULL
    FROM before_projects WHERE project_id NOT IN (SELECT before_id FROM pairs)
)
SELECT (FROM before_release) AS compared_with, * FROM answer
WHERE EXISTS (FROM before_release)
UNION ALL BY NAME
SELECT 'This dataset is not a later release of a series (datasets.series and as_of), so there '
    || 'is no earlier release to compare it with.' AS nothing_found
WHERE NOT EXISTS (FROM before_release)
ORDER BY
    list_position(
        ['went dark', 'came to light', 'stayed withheld', 'cost moved', 'no longer given',
         'given for the first time', 'unchanged', 'other', 'joined', 'left'],
        change
    ),
    basis

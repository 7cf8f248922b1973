-- status_money: money disclosed about single projects, per status and basis, with
-- nothing picked. Bases are never added together.
--
-- A figure read from a row of a file (a payment line) is its own amount, so a supplier's
-- payments add up. Figures compiled from sources (no file row) are claims about one
-- quantity: when every claim about a project on a basis agrees (one amount; a period where
-- one is stated, and never two different periods) it
-- is counted once, citing every source that gives it; when they differ, the project is a
-- conflict, kept out of the agreed sum and returned with every value and its sources, so
-- the page can show the range and both figures instead of the larger one.
WITH figs AS (  -- figure_keys: projects already joined to their figures
    SELECT k.status, k.basis, k.subject_id, k.name, f.line, f.amount_gbp,
        coalesce(f.period, '') AS period, f.qualifier, f.figure_id, f.source_id
    FROM figure_keys k
    JOIN figures f ON f.dataset = k.dataset AND f.fact_id = k.fact_id
    WHERE k.dataset = $dataset AND k.level = 'project'
        AND k.disclosure = 'disclosed' AND k.amount_gbp IS NOT NULL
),
versions AS (  -- one value as stated, with every source stating it
    SELECT status, basis, subject_id, name, line, amount_gbp,
        list(DISTINCT period ORDER BY period) FILTER (WHERE period <> '') AS periods,
        min(qualifier) AS qualifier,
        list(DISTINCT source_id ORDER BY source_id) AS sources,
        list(figure_id ORDER BY figure_id) AS figure_ids
    FROM figs
    GROUP BY ALL
),
quantities AS (  -- one quantity: a file row's figure, or all claims about one project
    SELECT status, basis, subject_id, name, line,
        count(*) AS amounts,
        len(list_distinct(flatten(list(coalesce(periods, []))))) AS periods,
        min(amount_gbp) AS low_gbp, max(amount_gbp) AS high_gbp,
        list({'amount_gbp': amount_gbp, 'periods': coalesce(periods, []),
              'qualifier': qualifier, 'sources': sources, 'figure_ids': figure_ids}
             ORDER BY amount_gbp DESC) AS stated
    FROM versions
    GROUP BY ALL
),
per_project AS (
    SELECT status, basis, subject_id, name,
        bool_and(amounts = 1 AND periods <= 1) AS agreed,
        sum(low_gbp) AS low_gbp, sum(high_gbp) AS high_gbp,
        flatten(list(stated) FILTER (WHERE amounts > 1 OR periods > 1)) AS stated
    FROM quantities
    GROUP BY ALL
),
money AS (
    SELECT status, basis,
        coalesce(sum(low_gbp) FILTER (WHERE agreed), 0) AS agreed_gbp,
        count(*) FILTER (WHERE agreed) AS agreed_projects,
        count(*) FILTER (WHERE NOT agreed) AS conflicting_projects,
        coalesce(sum(low_gbp) FILTER (WHERE NOT agreed), 0) AS conflict_low_gbp,
        coalesce(sum(high_gbp) FILTER (WHERE NOT agreed), 0) AS conflict_high_gbp,
        list({'project': coalesce(name, subject_id), 'stated': stated}
             ORDER BY subject_id) FILTER (WHERE NOT agreed) AS conflicts,
        count(*) AS projects_with_figure
    FROM per_project
    GROUP BY ALL
),
cited AS (  -- every source behind a status and basis, agreed or not
    SELECT status, basis, list(DISTINCT source_id ORDER BY source_id) AS sources,
        list(DISTINCT figure_id) AS figure_ids
    FROM figs
    GROUP BY ALL
),
flagged AS (  -- declared discrepancies touching one of these figures
    SELECT c.status, c.basis,
        list(DISTINCT d.discrepancy_id ORDER BY d.discrepancy_id) AS discrepancies
    FROM cited c
    JOIN discrepancies d ON d.dataset = $dataset
        AND (list_contains(c.figure_ids, d.figure_a) OR list_contains(c.figure_ids, d.figure_b))
    GROUP BY ALL
)
SELECT
    m.status,
    coalesce(st.label, m.status, 'No status') AS label,
    coalesce(st.role, 'other') AS role,
    coalesce(st.sort_order, 999) AS sort_order,
    m.basis,
    m.agreed_gbp,
    m.agreed_projects,
    m.conflicting_projects,
    m.conflict_low_gbp,
    m.conflict_high_gbp,
    m.conflicts,
    m.projects_with_figure,
    c.sources,
    coalesce(fl.discrepancies, []) AS discrepancies
FROM money m
JOIN cited c ON c.status IS NOT DISTINCT FROM m.status AND c.basis = m.basis
LEFT JOIN flagged fl ON fl.status IS NOT DISTINCT FROM m.status AND fl.basis = m.basis
LEFT JOIN statuses st ON st.dataset = $dataset AND st.status = m.status
ORDER BY sort_order, m.status, m.basis;

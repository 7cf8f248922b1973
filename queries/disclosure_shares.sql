-- disclosure_shares: for data with no group totals, how much was kept back.
-- Per basis (in an imported file, usually one per amount column): how many
-- figures fall in each disclosure status, and the disclosed money.
SELECT
    f.basis,
    f.disclosure,
    count(*) AS figures,
    sum(f.amount_gbp) AS amount_gbp
FROM figures f
WHERE f.dataset = $dataset AND f.subject_type = 'project'
GROUP BY ALL
ORDER BY f.basis, f.disclosure;

-- amount_range: the smallest and largest disclosed amount in a dataset, so a Projects view
-- with no matching row can say why ("amounts here run from £25m to £216m; the link asks
-- for at most -£5") instead of showing an empty table with no word.
SELECT min(amount_gbp) AS low_gbp, max(amount_gbp) AS high_gbp
FROM figure_keys
WHERE dataset = $dataset AND amount_gbp IS NOT NULL;

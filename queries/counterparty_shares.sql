-- counterparty_shares: in payment files, the money and rows whose supplier was
-- disclosed, redacted or withheld. The withheld share is the money paid to
-- counterparties the public is not told.
SELECT
    coalesce(counterparty_status, 'unknown') AS counterparty_status,
    count(*) AS payments,
    sum(amount_gbp) AS amount_gbp
FROM figures
WHERE dataset = $dataset AND counterparty_status IS NOT NULL
    AND basis = 'payment'  -- a file's VAT or Net column is never added to its payments
GROUP BY ALL
ORDER BY amount_gbp DESC NULLS LAST;

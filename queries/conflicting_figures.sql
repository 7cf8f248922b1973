-- conflicting_figures: pairs of disclosed figures about the same thing that
-- cannot both be right, found from the figures themselves rather than
-- declared. Two figures conflict when their periods are compatible (equal,
-- or one not given) and
--   amount:   same basis, different amounts;
--   meaning:  same amount, two different stated bases (neither unspecified);
--   supplier: same basis and amount, two different named counterparties.
-- Each pair is listed once (a before b by figure id). Payments are left out:
-- two payments to one supplier are two transactions, not two claims about
-- one amount (and pairing a million of them would never finish).
SELECT
    a.subject_type,
    a.subject_id,
    CASE
        WHEN a.basis = b.basis AND a.amount_gbp <> b.amount_gbp THEN 'amount'
        WHEN a.amount_gbp = b.amount_gbp AND a.basis <> b.basis THEN 'meaning'
        ELSE 'supplier'
    END AS aspect,
    a.figure_id AS figure_a,
    a.basis AS basis_a,
    a.amount_gbp AS amount_a,
    a.counterparty AS counterparty_a,
    a.source_id AS source_a,
    b.figure_id AS figure_b,
    b.basis AS basis_b,
    b.amount_gbp AS amount_b,
    b.counterparty AS counterparty_b,
    b.source_id AS source_b
FROM figures a
JOIN figures b
    ON a.dataset = b.dataset
    AND a.subject_type = b.subject_type
    AND a.subject_id = b.subject_id
    AND a.figure_id < b.figure_id
WHERE a.dataset = $dataset
    AND a.basis <> 'payment' AND b.basis <> 'payment'
    -- every figure of a payment file (its VAT and Net columns too) is one row's own
    AND a.counterparty_status IS NULL AND b.counterparty_status IS NULL
    AND a.disclosure = 'disclosed' AND b.disclosure = 'disclosed'
    AND a.amount_gbp IS NOT NULL AND b.amount_gbp IS NOT NULL
    AND (a.period IS NULL OR b.period IS NULL OR a.period = b.period)
    AND (
        (a.basis = b.basis AND a.amount_gbp <> b.amount_gbp)
        OR (a.amount_gbp = b.amount_gbp AND a.basis <> b.basis
            AND a.basis <> 'unspecified' AND b.basis <> 'unspecified')
        OR (a.basis = b.basis AND a.amount_gbp = b.amount_gbp
            AND a.counterparty IS NOT NULL AND b.counterparty IS NOT NULL
            AND a.counterparty <> b.counterparty)
    )
ORDER BY a.subject_id, figure_a, figure_b;

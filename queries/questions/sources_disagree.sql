-- Where do the sources disagree, and by how much?
-- Both sides are kept. `declared` rows are the disagreements the dataset's compiler
-- recorded (the discrepancies table); the others are found from the figures themselves:
-- two disclosed amounts of the same basis about the same project or group, for compatible
-- periods, that differ. Payments are left out: two payments to one supplier are two
-- transactions, not two claims about one amount. `difference_gbp` and `difference_pct`
-- (of the larger) are given where both sides are amounts.
WITH declared AS (
    SELECT
        d.discrepancy_id AS id,
        true AS declared,
        coalesce(p.name, g.label) AS subject,
        d.aspect,
        d.what_differs,
        d.value_a,
        sa.publisher AS source_a,
        d.locator_a,
        d.value_b,
        sb.publisher AS source_b,
        d.locator_b,
        fa.amount_gbp AS amount_a_gbp,
        fb.amount_gbp AS amount_b_gbp,
        d.note
    FROM discrepancies d
    LEFT JOIN projects p ON d.subject_type = 'project' AND p.project_id = d.subject_id
    LEFT JOIN groups g ON d.subject_type = 'group' AND g.group_id = d.subject_id
    LEFT JOIN sources sa ON sa.source_id = d.source_a
    LEFT JOIN sources sb ON sb.source_id = d.source_b
    LEFT JOIN figures fa ON fa.figure_id = d.figure_a
    LEFT JOIN figures fb ON fb.figure_id = d.figure_b
),
found AS (
    SELECT
        a.figure_id || ' / ' || b.figure_id AS id,
        false AS declared,
        coalesce(p.name, g.label) AS subject,
        'amount' AS aspect,
        'Two amounts for the same ' || replace(a.basis, '_', ' ') AS what_differs,
        a.original_text AS value_a,
        sa.publisher AS source_a,
        a.locator AS locator_a,
        b.original_text AS value_b,
        sb.publisher AS source_b,
        b.locator AS locator_b,
        a.amount_gbp AS amount_a_gbp,
        b.amount_gbp AS amount_b_gbp,
        NULL AS note
    FROM figures a
    JOIN figures b
        ON b.subject_type = a.subject_type AND b.subject_id = a.subject_id
        AND b.basis = a.basis AND a.figure_id < b.figure_id
    LEFT JOIN projects p ON a.subject_type = 'project' AND p.project_id = a.subject_id
    LEFT JOIN groups g ON a.subject_type = 'group' AND g.group_id = a.subject_id
    LEFT JOIN sources sa ON sa.source_id = a.source_id
    LEFT JOIN sources sb ON sb.source_id = b.source_id
    WHERE a.disclosure = 'disclosed' AND b.disclosure = 'disclosed'
        AND a.amount_gbp <> b.amount_gbp
        AND a.basis <> 'payment'
        AND a.counterparty_status IS NULL AND b.counterparty_status IS NULL
        AND (a.period IS NULL OR b.period IS NULL OR a.period = b.period)
        AND NOT EXISTS (
            FROM discrepancies d
            WHERE (d.figure_a = a.figure_id AND d.figure_b = b.figure_id)
                OR (d.figure_a = b.figure_id AND d.figure_b = a.figure_id)
        )
),
answer AS (
    SELECT
        *,
        abs(amount_a_gbp - amount_b_gbp) AS difference_gbp,
        round(100 * abs(amount_a_gbp - amount_b_gbp) / greatest(amount_a_gbp, amount_b_gbp), 1)
            AS difference_pct
    FROM (FROM declared UNION ALL FROM found)
)
SELECT * FROM answer
UNION ALL BY NAME
SELECT 'No two sources give different values for the same thing in this dataset.' AS nothing_found
WHERE NOT EXISTS (FROM answer)
ORDER BY declared DESC, id

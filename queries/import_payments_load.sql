-- import_payments_load: move the staged payment rows into figures, one figure
-- per payment, locating each to its file, row and column.
INSERT INTO figures BY NAME
SELECT
    $dataset AS dataset,
    figure_id,
    'project' AS subject_type,
    subject_id,
    $basis AS basis,
    disclosure,
    qualifier,
    CASE WHEN disclosure = 'disclosed' THEN amount_gbp END AS amount_gbp,
    amount_low_gbp,
    amount_high_gbp,
    CASE WHEN counterparty_status = 'disclosed' THEN supplier END AS counterparty,
    counterparty_status,
    category,
    area,
    reference,
    exemption_statute,
    exemption_sections,
    exemption_basis,
    exemption_reason,
    original_text,
    as_of,
    $source_id AS source_id,
    $file || ', row ' || line || ', column ' || $amount_label AS locator,
    'Payment on row ' || line || ' of ' || $file || '.' AS claim
FROM staged;

-- import_payments_report: how the staged cells were classified, for the
-- import report: per status the cells and money, per exemption section the
-- withheld cells, and the money paid to suppliers whose names were kept back.
SELECT
    parsed_status,
    exemption_sections,
    counterparty_status,
    count(*) AS cells,
    sum(CASE WHEN disclosure = 'disclosed' THEN amount_gbp END) AS amount_gbp
FROM staged
GROUP BY ALL;

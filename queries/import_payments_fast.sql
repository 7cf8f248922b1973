-- import_payments_fast: an expression, not a statement. Plain-number amounts
-- ("1234.56", "£1,234.56", "-3,000") read in SQL; every other form (£1.2m,
-- "Exempt under s.43", blank) is NULL here, for foi's own parser to classify
-- once per distinct text. {amount} is a column name from an allow-list (c0, c1, ...).
CASE
    WHEN regexp_full_match({amount}, '-?\d{1,15}(\.\d{1,2})?')
        THEN TRY_CAST({amount} AS DECIMAL(18, 2))
    WHEN regexp_full_match(trim({amount}), '-?£?\s?(\d{1,3}(,\d{3})+|\d+)(\.\d{1,2})?')
        THEN TRY_CAST(regexp_replace(trim({amount}), '[£,\s]', '', 'g') AS DECIMAL(18, 2))
END

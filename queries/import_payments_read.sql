-- import_payments_read: a payment CSV's records into the temp table `raw`,
-- every cell as text (c0, c1, ...), in file order: the file row of a record
-- is its rowid + the first data row. Plain-number amounts ("1234.56",
-- "£1,234.56", "-3,000") are read here, in the same pass, into `fast`; every
-- other form (£1.2m, "Exempt under s.43", blank) is left NULL for foi's own
-- parser to classify, once per distinct text.
-- {amount} is a column name from an allow-list (c0, c1, ...).
CREATE OR REPLACE TEMP TABLE raw AS
SELECT
    *,
    CASE
        WHEN regexp_full_match({amount}, '-?\d{1,15}(\.\d{1,2})?')
            THEN TRY_CAST({amount} AS DECIMAL(18, 2))
        WHEN regexp_full_match(trim({amount}), '-?£?\s?(\d{1,3}(,\d{3})+|\d+)(\.\d{1,2})?')
            THEN TRY_CAST(regexp_replace(trim({amount}), '[£,\s]', '', 'g') AS DECIMAL(18, 2))
    END AS fast
FROM read_csv(
    $path, auto_detect = false, header = false, skip = $skip, delim = $delim,
    quote = '"', escape = '"', null_padding = true, columns = $columns
);

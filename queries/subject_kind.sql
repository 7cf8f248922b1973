-- subject_kind: whether a dataset's subjects are suppliers (a payment file: every payment
-- records whether its supplier was named) or projects, so a card says "Suppliers 6",
-- never "Projects 6", for a file of payments to six suppliers.
SELECT coalesce(bool_or(counterparty_status IS NOT NULL), false) AS payments
FROM figure_facts
WHERE dataset = $dataset;

-- import_payments_unparsed: the first cells of one file that could not be
-- read as an amount, with their rows, for the import report's examples.
SELECT f.line, f.original_text
FROM figure_facts f
JOIN amounts a ON a.text = coalesce(f.original_text, '') AND a.status = 'unparsed'
WHERE f.dataset = $dataset AND f.source_id = $source_id AND f.basis = $basis
    AND ($suffix IS NULL OR ends_with(f.figure_id, $suffix))
ORDER BY f.line
LIMIT 10;

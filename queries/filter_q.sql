-- filter_q: the Projects text search over figure_keys (declared in foi/filters.py).
-- $q, in any case, is looked for in the name, supplier, expense type, area and
-- claim (as stored: a payment's claim reads "row {row}"); in a figure's
-- reference, such as a transaction number (a semi-join on figure_facts, read
-- only when there is a search); and in the source's id and publisher. Not in the
-- amount as written: amounts are found with $min and $max.
-- Used only while $q is set; foi.filters wraps it as ($q IS NULL OR (...)).
contains(lower(name), lower($q))
    OR contains(lower(counterparty), lower($q))
    OR contains(lower(category), lower($q))
    OR contains(lower(area), lower($q))
    OR contains(lower(claim), lower($q))
    OR fact_id IN (
        SELECT fact_id FROM figure_facts
        WHERE $q IS NOT NULL AND dataset = $dataset
            AND contains(lower(reference), lower($q)))
    OR source_id IN (
        SELECT source_id FROM sources
        WHERE $q IS NOT NULL AND dataset = $dataset
            AND (contains(lower(source_id), lower($q))
                OR contains(lower(publisher), lower($q))))

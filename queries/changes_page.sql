-- changes_page: one page of the What changed table: queries/changes.sql in {changes},
-- in a fixed order (the story first: what went dark, by the money it held), paged by the
-- bound $limit and $offset (NULL limit: every row, for downloads).
WITH c AS ({changes})
SELECT * FROM c
ORDER BY
    list_position(['went_dark', 'came_to_light', 'stayed_withheld', 'newly_withheld',
        'withheld_then_not_given', 'no_longer_given', 'first_given', 'cost_moved',
        'joined', 'left', 'unchanged', 'still_not_given'], change),
    coalesce(amount_from, amount_to, 0) DESC,
    department, coalesce(name_to, name_from), field_key
LIMIT $limit OFFSET $offset

-- console_page: one page of a researcher's checked SELECT. {query} is their text (checked by
-- foi.console.check, and the wrapped statement checked again); the page's size and start are
-- bound. The line breaks around {query} keep a trailing `-- comment` from hiding the bracket.
SELECT * FROM (
{query}
) AS result LIMIT $limit OFFSET $offset;

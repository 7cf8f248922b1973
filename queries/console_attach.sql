-- console_attach: the visitor's database file, attached READ_ONLY as `db` to the console's
-- fresh in-memory connection, so no statement run there can change it.
ATTACH $path AS db (READ_ONLY);

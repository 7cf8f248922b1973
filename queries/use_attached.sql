-- use_attached: make the attached database file (attach_read_only.sql) the default, so
-- every named query reads its tables unqualified, as on a direct connection.
USE foi;

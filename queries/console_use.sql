-- console_use: plain table names in the console mean its own views, not the attached file.
USE memory.main;

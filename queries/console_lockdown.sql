-- console_lockdown: switch off everything a researcher's SQL could reach beyond the dataset,
-- then lock the configuration so no later statement can switch any of it back on. One step,
-- run in this order: the last line locks the rest. SET takes no bound parameter, so
-- {allowed_directories} is a list of literals quoted by foi.db.literal: the one private
-- folder a download is written to, or [] (no file may be written at all). Memory and threads
-- are capped when the connection is opened (foi.db.connect) and checked afterwards.
SET temp_directory = '';
SET python_enable_replacements = false;
SET allowed_directories = {allowed_directories};
SET enable_external_access = false;
SET allow_community_extensions = false;
SET autoinstall_known_extensions = false;
SET autoload_known_extensions = false;
SET lock_configuration = true;

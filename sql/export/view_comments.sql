-- The comment of every view ('中文 | English'): what one row is.
SELECT view_name, comment FROM duckdb_views()
WHERE NOT internal AND database_name = current_database() AND view_name LIKE 'v\_%' ESCAPE '\'
ORDER BY view_name;

-- The views of the current database (the ones rebuild_views drops and recreates).
SELECT view_name FROM duckdb_views() WHERE NOT internal AND database_name = current_database() ORDER BY 1;

-- Every column of the warehouse's views with its comment ('中文 | English'), in column order.
SELECT table_name AS view_name, column_name, data_type, comment
FROM duckdb_columns()
WHERE database_name = current_database() AND table_name LIKE 'v\_%' ESCAPE '\'
ORDER BY table_name, column_index;

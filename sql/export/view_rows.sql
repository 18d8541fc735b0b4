-- The rows of one view for a list of counties (one county, or a province's counties) and optionally one
-- year, in a fixed order (every column, left to right). {view} is replaced by a view name from
-- sql/views/, never by user input; filters are bound.
SELECT * FROM {view}
WHERE county IN (SELECT unnest($counties)) AND ($year IS NULL OR year = $year)
ORDER BY ALL;

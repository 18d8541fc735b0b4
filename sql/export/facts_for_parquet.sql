-- One row per cell of a current report of a list of counties (one county or a province's; optionally one
-- year): the analysts' Parquet set.
SELECT cur.county, cur.year, cur.organ, cur.level, cur.sample, cur.source_name, cur.format,
       f.cell, f.table_code, f.row_code, f.col_code, f.value, f.status, f.raw, f.unit, f.is_derived, f.via, f.confidence,
       cur.report_id, cur.organ_id
FROM fct_report_cell AS f
JOIN v_report_current AS cur USING (report_id)
WHERE cur.county IN (SELECT unnest($counties)) AND ($year IS NULL OR cur.year = $year)
ORDER BY cur.year, cur.organ, cur.report_id, f.cell;

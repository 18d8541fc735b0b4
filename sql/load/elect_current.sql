-- One current revision per report this load touched: the newest publication that carries the report's
-- substance. Order, first key first:
--   1. substance: statistics cells placed (ok, partial) > prose only (no_tables) > unreadable — a title-only
--      page never shadows a report with tables;
--   2. the printed or listed publication date, newest first (never the fetch order: lists put the newest
--      item first, so the original is often fetched last);
--   3. a correction marker in the title (更正, 修订, 重新发布, （更正版）);
--   4. the URL, highest first (TRS article ids rise with the date), so any page order gives one answer;
--   5. the later fetch (the same URL corrected in place), then the later revision.
UPDATE report
SET is_current = (ranked.rn = 1),
    superseded_by_load = CASE WHEN report.is_current AND ranked.rn > 1 THEN $load_id
                              WHEN ranked.rn = 1 THEN NULL
                              ELSE report.superseded_by_load END
FROM (
    SELECT report_id,
           row_number() OVER (
               PARTITION BY report_key
               ORDER BY CASE parse_status WHEN 'ok' THEN 3 WHEN 'partial' THEN 3 WHEN 'no_tables' THEN 1
                                          ELSE 0 END DESC,
                        published_at DESC NULLS LAST, is_correction DESC, url DESC, fetched_at DESC,
                        revision DESC) AS rn
    FROM report
    WHERE report_key IN (SELECT report_key FROM stg_report)
) AS ranked
WHERE report.report_id = ranked.report_id;

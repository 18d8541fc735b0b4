-- One row per township × year (current reports of level 'township'): the townships of a county side by
-- side — rank and share of the county's township total, and the change from the township's year before.
CREATE OR REPLACE VIEW v_township_compare AS
WITH towns AS (
    SELECT * FROM v_disclosure_volume WHERE level = 'township' AND county IS NOT NULL AND year IS NOT NULL
),
ranked AS (
    SELECT
        t.*,
        count(*) OVER w                                   AS townships_in_county,
        sum(t.applications_received) OVER w               AS county_applications_received,
        sum(t.proactive_total) OVER w                     AS county_proactive_total,
        rank() OVER (PARTITION BY t.county, t.year
                     ORDER BY t.proactive_total DESC NULLS LAST) AS proactive_rank_in_county,
        rank() OVER (PARTITION BY t.county, t.year
                     ORDER BY t.applications_received DESC NULLS LAST) AS rank_in_county
    FROM towns AS t
    WINDOW w AS (PARTITION BY t.county, t.year)
)
SELECT
    r.county,
    r.year,
    r.organ,
    r.sample,
    r.source_name,
    r.applications_received,
    r.rank_in_county,
    r.townships_in_county,
    r.county_applications_received,
    CASE WHEN r.county_applications_received > 0
         THEN round(r.applications_received / r.county_applications_received, 4) END AS share_of_county,
    prev.applications_received                            AS applications_received_prev_year,
    r.applications_received - prev.applications_received AS change_from_prev_year,
    r.applications_handled,
    r.licensing_decisions,
    r.penalty_decisions,
    r.review_total,
    r.litigation_total,
    r.proactive_total,
    r.proactive_by_category,
    r.proactive_rank_in_county,
    CASE WHEN r.county_proactive_total > 0
         THEN round(r.proactive_total / r.county_proactive_total, 4) END AS proactive_share_of_county,
    r.proactive_total - prev.proactive_total              AS proactive_change_from_prev_year,
    r.organ_id
FROM ranked AS r
LEFT JOIN towns AS prev
       ON prev.organ_id = r.organ_id AND prev.year = r.year - 1;

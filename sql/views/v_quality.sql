-- One row per current report that parsed, with a year: its quality score 0–100 in five parts, each the
-- part's weight minus the points v_quality_reasons lists (never below 0). Weights (quality_weights(),
-- sql/macros/quality_weights.sql): 及时性 timeliness 20, 完整性 completeness 30, 准确性 accuracy 25,
-- 一致性 consistency 10, 连续性 continuity 15.
CREATE OR REPLACE VIEW v_quality AS
WITH parts AS (
    SELECT part, points FROM quality_weights() WHERE item IS NULL
),
lost AS (
    SELECT report_id, part, sum(points_lost) AS points_lost
    FROM v_quality_reasons
    GROUP BY report_id, part
),
scored AS (
    SELECT st.report_id, p.part, greatest(0, p.points - coalesce(l.points_lost, 0)) AS kept
    FROM v_report_structure AS st
    CROSS JOIN parts AS p
    LEFT JOIN lost AS l ON l.report_id = st.report_id AND l.part = p.part
),
pivoted AS (
    SELECT
        report_id,
        round(sum(kept) FILTER (WHERE part = 'timeliness'), 2)    AS timeliness,
        round(sum(kept) FILTER (WHERE part = 'completeness'), 2)  AS completeness,
        round(sum(kept) FILTER (WHERE part = 'accuracy'), 2)      AS accuracy,
        round(sum(kept) FILTER (WHERE part = 'consistency'), 2)   AS consistency,
        round(sum(kept) FILTER (WHERE part = 'continuity'), 2)    AS continuity,
        round(sum(kept), 1)                                       AS quality_score
    FROM scored
    GROUP BY report_id
),
reasons AS (
    SELECT report_id,
           string_agg(reason || '（-' || points_lost || '）', '；' ORDER BY points_lost DESC, item) AS reasons
    FROM v_quality_reasons
    GROUP BY report_id
)
SELECT
    st.county,
    st.year,
    st.organ,
    st.level,
    st.sample,
    st.source_name,
    -- the five parts and the total
    p.timeliness,
    p.completeness,
    p.accuracy,
    p.consistency,
    p.continuity,
    p.quality_score,
    rank() OVER (PARTITION BY st.county, st.year ORDER BY p.quality_score DESC) AS rank_in_county,
    -- why points were lost
    r.reasons,
    st.cells_filled,
    st.cells_expected,
    st.sections_recorded,
    st.url,
    st.organ_id,
    st.report_id
FROM v_report_structure AS st
JOIN pivoted AS p USING (report_id)
LEFT JOIN reasons AS r USING (report_id);

-- One row per current report (organ × year × source): the volumes an oversight office compares.
-- Group sums (不予公开 3.3, 无法提供 3.4, 不予处理 3.5, 其他处理 3.6) add the printed sub-items of the 总计
-- column; blank sub-items count as nothing, and a group whose sub-items are all blank stays NULL.
CREATE OR REPLACE VIEW v_disclosure_volume AS
WITH cur AS (
    SELECT * FROM v_report_current
),
cells AS (
    SELECT f.report_id, f.cell, f.value
    FROM fct_report_cell AS f
    JOIN cur USING (report_id)
    WHERE f.status IN ('num', 'split_by_arithmetic')
),
pivoted AS (
    SELECT
        report_id,
        -- 表二 (section 二): figures that mean the same in both formats, and the 2021-only ones
        max(value) FILTER (WHERE cell = 'T2_1/rules/issued')          AS rules_issued,
        max(value) FILTER (WHERE cell = 'T2_1/norm_docs/issued')      AS norm_docs_issued,
        max(value) FILTER (WHERE cell = 'T2_1/norm_docs/in_force')    AS norm_docs_in_force,
        max(value) FILTER (WHERE cell = 'T2_5/licensing/decisions')   AS licensing_decisions,
        max(value) FILTER (WHERE cell = 'T2_6/penalty/decisions')     AS penalty_decisions,
        max(value) FILTER (WHERE cell = 'T2_6/coercion/decisions')    AS coercion_decisions,
        max(value) FILTER (WHERE cell = 'T2_8/admin_fees/fee_amount') AS fee_amount_wan,
        -- 表三 (section 三), 总计 column
        max(value) FILTER (WHERE cell = 'T3/1/total')                 AS applications_received,
        max(value) FILTER (WHERE cell = 'T3/2/total')                 AS applications_carried_over,
        max(value) FILTER (WHERE cell = 'T3/3.7/total')               AS applications_handled,
        max(value) FILTER (WHERE cell = 'T3/4/total')                 AS applications_carried_forward,
        max(value) FILTER (WHERE cell = 'T3/3.1/total')               AS outcome_granted,
        max(value) FILTER (WHERE cell = 'T3/3.2/total')               AS outcome_partly_granted,
        sum(value) FILTER (WHERE cell LIKE 'T3/3.3.%/total')          AS outcome_withheld,
        sum(value) FILTER (WHERE cell LIKE 'T3/3.4.%/total')          AS outcome_unable,
        sum(value) FILTER (WHERE cell LIKE 'T3/3.5.%/total')          AS outcome_not_handled,
        coalesce(sum(value) FILTER (WHERE cell LIKE 'T3/3.6.%/total'),
                 max(value) FILTER (WHERE cell = 'T3/3.6/total'))     AS outcome_other,
        -- 表四 (section 四)
        max(value) FILTER (WHERE cell = 'T4/cases/rv_total')          AS review_total,
        max(value) FILTER (WHERE cell = 'T4/cases/ld_total')          AS litigation_direct_total,
        max(value) FILTER (WHERE cell = 'T4/cases/lr_total')          AS litigation_after_review_total
    FROM cells
    GROUP BY report_id
),
proactive AS (
    SELECT
        s.report_id,
        max(s.value) FILTER (WHERE s.kind = 'proactive_total') AS proactive_total,
        -- categories as printed (发布政务信息=18; 政策解读=8): the normalized key folds several printed
        -- categories into one ("other"), so it never stands in for the printed name here (issue 13)
        string_agg(coalesce(s.category, s.category_norm) || '=' || CASE WHEN s.value = round(s.value) THEN CAST(CAST(s.value AS BIGINT) AS VARCHAR)
                                                           ELSE CAST(s.value AS VARCHAR) END
                   || CASE WHEN s.category_norm IS NOT NULL AND s.category IS NOT NULL
                           THEN ' (' || s.category_norm || ')' ELSE '' END, '; '
                   ORDER BY s.seq) FILTER (WHERE s.kind = 'proactive_by_category') AS proactive_by_category
    FROM fct_report_statement AS s
    JOIN cur USING (report_id)
    GROUP BY s.report_id
)
SELECT
    cur.county,
    cur.year,
    cur.organ,
    cur.level,
    cur.sample,
    cur.source_name,
    cur.format,
    cur.parse_status,
    p.rules_issued,
    p.norm_docs_issued,
    p.norm_docs_in_force,
    p.licensing_decisions,
    p.penalty_decisions,
    p.coercion_decisions,
    p.fee_amount_wan,
    p.applications_received,
    p.applications_carried_over,
    p.applications_handled,
    p.applications_carried_forward,
    p.outcome_granted,
    p.outcome_partly_granted,
    p.outcome_withheld,
    p.outcome_unable,
    p.outcome_not_handled,
    p.outcome_other,
    p.review_total,
    CASE WHEN p.litigation_direct_total IS NULL AND p.litigation_after_review_total IS NULL THEN NULL
         ELSE coalesce(p.litigation_direct_total, 0) + coalesce(p.litigation_after_review_total, 0)
    END AS litigation_total,
    pr.proactive_total,
    pr.proactive_by_category,
    cur.organ_id,
    cur.report_id
FROM cur
LEFT JOIN pivoted AS p USING (report_id)
LEFT JOIN proactive AS pr USING (report_id);

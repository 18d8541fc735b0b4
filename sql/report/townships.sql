-- One row per township of one county in one year: its volumes and outcome mix (v_disclosure_volume), and
-- one row per expected township that published nothing (v_coverage 'missing'). Parameters: $county, $year.
WITH vol AS (
    SELECT * FROM v_disclosure_volume WHERE county = $county AND year = $year AND level = 'township'
),
missing AS (
    SELECT organ FROM v_coverage
    WHERE county = $county AND year = $year AND level = 'township' AND status = 'missing'
)
SELECT
    organ,
    'published'                    AS status,
    sample,
    -- 表三 总计 column
    applications_received,
    applications_handled,
    outcome_granted,
    outcome_partly_granted,
    outcome_withheld,
    outcome_unable,
    outcome_not_handled,
    outcome_other,
    -- 表二 decisions
    licensing_decisions,
    penalty_decisions,
    coercion_decisions
FROM vol
UNION ALL
SELECT organ, 'missing', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL
FROM missing
ORDER BY status DESC, applications_received DESC NULLS LAST, organ;

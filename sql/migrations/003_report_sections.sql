-- The six sections of each report revision, as the reader split them (issue 16): the quality score reads
-- whether a heading was printed and what sections 五 and 六 say, and shows the quoted text as evidence.

-- One row per report revision × section 一..六, written for revisions whose loader input carried the
-- sections (none for revisions loaded before this migration: v_quality then marks sections unrecorded).
CREATE TABLE fct_report_section (
    report_id  VARCHAR NOT NULL,
    section    VARCHAR NOT NULL CHECK (section IN ('一', '二', '三', '四', '五', '六')),
    present    BOOLEAN NOT NULL,            -- the section's heading was found
    text       VARCHAR,                     -- from after the heading to the next heading (NULL if absent)
    PRIMARY KEY (report_id, section)
);

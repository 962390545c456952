-- An interim report's text per period (januari–april and januari–augusti say different things):
-- a section's text for a period (the month it runs to), else the year's (period 0).

CREATE TABLE report_text_by_period (
    municipality TEXT NOT NULL REFERENCES municipality(code),
    kind TEXT NOT NULL,
    year INTEGER NOT NULL,
    period INTEGER NOT NULL DEFAULT 0,
    section TEXT NOT NULL,
    body TEXT NOT NULL,
    PRIMARY KEY (municipality, kind, year, period, section)
);

INSERT INTO report_text_by_period (municipality, kind, year, period, section, body)
SELECT municipality, kind, year, 0, section, body FROM report_text;

DROP TABLE report_text;

ALTER TABLE report_text_by_period RENAME TO report_text;

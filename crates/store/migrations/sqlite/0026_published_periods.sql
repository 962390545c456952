-- An interim report is published once per period it is cut at (januari–april and januari–augusti
-- are public side by side): the published copy is keyed by its period as well (0 for a report of
-- the whole year, else the month it runs to).

CREATE TABLE published_report_by_period (
    municipality TEXT NOT NULL REFERENCES municipality(code),
    kind TEXT NOT NULL,
    year BIGINT NOT NULL,
    period BIGINT NOT NULL DEFAULT 0,
    published_at TEXT NOT NULL,
    actor TEXT NOT NULL,
    document TEXT NOT NULL,
    to_month BIGINT,
    PRIMARY KEY (municipality, kind, year, period)
);

INSERT INTO published_report_by_period (municipality, kind, year, period, published_at, actor, document, to_month)
SELECT municipality, kind, year, COALESCE(to_month, 0), published_at, actor, document, to_month FROM published_report;

DROP TABLE published_report;

ALTER TABLE published_report_by_period RENAME TO published_report;

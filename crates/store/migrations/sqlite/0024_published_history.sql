-- Every copy a report was ever published as, so that what the public read on a given day can be
-- shown afterwards (published_report holds the current one).

CREATE TABLE published_report_version (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    municipality TEXT NOT NULL REFERENCES municipality(code),
    kind TEXT NOT NULL,
    year BIGINT NOT NULL,
    published_at TEXT NOT NULL,
    actor TEXT NOT NULL,
    document TEXT NOT NULL,
    to_month BIGINT
);

INSERT INTO published_report_version (municipality, kind, year, published_at, actor, document, to_month)
SELECT municipality, kind, year, published_at, actor, document, to_month FROM published_report;

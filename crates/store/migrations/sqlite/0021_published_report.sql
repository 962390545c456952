-- The report as it was published: its assembled document (JSON), from which the public's PDF,
-- web page and Word file are made. Later changes to the data do not reach the public until the
-- report is published again.

CREATE TABLE published_report (
    municipality TEXT NOT NULL REFERENCES municipality(code),
    kind TEXT NOT NULL,
    year BIGINT NOT NULL,
    published_at TEXT NOT NULL,
    actor TEXT NOT NULL,
    document TEXT NOT NULL,
    PRIMARY KEY (municipality, kind, year)
);

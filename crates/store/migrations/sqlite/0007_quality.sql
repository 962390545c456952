-- Quality management: deviation types, deviations, complaints, self-inspections,
-- children's-rights follow-up, grant re-reporting. Each row is JSON of its domain type, keyed
-- per municipality, kind and key; the year is kept for listing.

CREATE TABLE quality_row (
    municipality TEXT NOT NULL REFERENCES municipality(code),
    kind TEXT NOT NULL,
    row_key TEXT NOT NULL,
    year INTEGER NOT NULL,
    position INTEGER NOT NULL,
    row_json TEXT NOT NULL,
    PRIMARY KEY (municipality, kind, row_key)
);
CREATE INDEX quality_row_year ON quality_row (municipality, kind, year);

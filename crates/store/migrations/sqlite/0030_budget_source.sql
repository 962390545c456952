-- The file a year's budget was read from (a budget file, or a ledger's #PBUDGET), so that a
-- budget cell can be traced to it as an outcome cell is to its ledger file.

CREATE TABLE budget_source (
    municipality TEXT NOT NULL,
    year BIGINT NOT NULL,
    file TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    imported_at TEXT NOT NULL,
    actor TEXT NOT NULL,
    PRIMARY KEY (municipality, year)
);

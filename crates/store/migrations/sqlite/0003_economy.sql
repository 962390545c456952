-- Economic follow-up. Amounts are BIGINT öre in the tables' signs (income +, costs −), except
-- ledger_row.amount, which keeps the ledger's sign (debit +, credit −).

CREATE TABLE econ_year (
    municipality TEXT NOT NULL REFERENCES municipality(code),
    year BIGINT NOT NULL,
    config_json TEXT NOT NULL,
    published BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (municipality, year)
);

CREATE TABLE econ_row (
    municipality TEXT NOT NULL,
    year BIGINT NOT NULL,
    key TEXT NOT NULL,
    label TEXT NOT NULL,
    prior_deviation BIGINT,
    position BIGINT NOT NULL,
    PRIMARY KEY (municipality, year, key),
    FOREIGN KEY (municipality, year) REFERENCES econ_year(municipality, year)
);

CREATE TABLE econ_mapping (
    municipality TEXT NOT NULL,
    year BIGINT NOT NULL,
    position BIGINT NOT NULL,
    account_from BIGINT NOT NULL,
    account_to BIGINT NOT NULL,
    dim BIGINT,
    object TEXT,
    row_key TEXT NOT NULL,
    category TEXT NOT NULL,
    PRIMARY KEY (municipality, year, position)
);

CREATE TABLE budget_line (
    municipality TEXT NOT NULL,
    year BIGINT NOT NULL,
    row_key TEXT NOT NULL,
    category TEXT NOT NULL,
    month BIGINT NOT NULL,
    amount BIGINT NOT NULL,
    PRIMARY KEY (municipality, year, row_key, category, month)
);

CREATE TABLE ledger_import (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    municipality TEXT NOT NULL REFERENCES municipality(code),
    year BIGINT NOT NULL,
    file TEXT NOT NULL,
    imported_at TEXT NOT NULL,
    actor TEXT NOT NULL,
    encoding TEXT NOT NULL,
    lines BIGINT NOT NULL,
    transactions BIGINT NOT NULL,
    warnings_json TEXT NOT NULL
);

CREATE TABLE ledger_row (
    municipality TEXT NOT NULL,
    year BIGINT NOT NULL,
    import_id BIGINT NOT NULL,
    line BIGINT NOT NULL,
    series TEXT NOT NULL,
    number TEXT NOT NULL,
    date TEXT NOT NULL,
    account BIGINT NOT NULL,
    objects TEXT NOT NULL,
    amount BIGINT NOT NULL,
    text TEXT NOT NULL,
    row_key TEXT,
    category TEXT
);
CREATE INDEX ledger_row_cell ON ledger_row (municipality, year, row_key, category);

CREATE TABLE frame_line (
    municipality TEXT NOT NULL,
    year BIGINT NOT NULL,
    position BIGINT NOT NULL,
    category TEXT NOT NULL,
    decision TEXT NOT NULL,
    amount BIGINT NOT NULL,
    PRIMARY KEY (municipality, year, position)
);

CREATE TABLE grant_line (
    municipality TEXT NOT NULL,
    year BIGINT NOT NULL,
    position BIGINT NOT NULL,
    name TEXT NOT NULL,
    applied BIGINT,
    granted BIGINT,
    note TEXT,
    PRIMARY KEY (municipality, year, position)
);

CREATE TABLE forecast (
    municipality TEXT NOT NULL,
    year BIGINT NOT NULL,
    month BIGINT NOT NULL,
    row_key TEXT NOT NULL,
    kind TEXT NOT NULL,
    amount BIGINT NOT NULL,
    PRIMARY KEY (municipality, year, month, row_key)
);

CREATE TABLE action_measure (
    municipality TEXT NOT NULL,
    year BIGINT NOT NULL,
    position BIGINT NOT NULL,
    measure_json TEXT NOT NULL,
    PRIMARY KEY (municipality, year, position)
);

CREATE TABLE investment (
    municipality TEXT NOT NULL,
    year BIGINT NOT NULL,
    position BIGINT NOT NULL,
    project TEXT NOT NULL,
    category TEXT NOT NULL,
    outcome BIGINT NOT NULL,
    budget BIGINT NOT NULL,
    cumulative_outcome BIGINT NOT NULL,
    cumulative_budget BIGINT NOT NULL,
    carry_over BIGINT,
    PRIMARY KEY (municipality, year, position)
);

CREATE TABLE volume (
    municipality TEXT NOT NULL,
    year BIGINT NOT NULL,
    position BIGINT NOT NULL,
    series TEXT NOT NULL,
    unit TEXT NOT NULL,
    value_year BIGINT NOT NULL,
    value BIGINT NOT NULL,
    budget BIGINT,
    note TEXT,
    PRIMARY KEY (municipality, year, position)
);

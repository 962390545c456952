-- Personnel statistics, internal control and private-provider follow-up. Rows whose shape is
-- configuration (bands, scales) are kept as JSON of the domain types; what is queried or
-- changed one by one (results, actions) has its own columns.

CREATE TABLE personnel_row (
    municipality TEXT NOT NULL REFERENCES municipality(code),
    year BIGINT NOT NULL,
    kind TEXT NOT NULL,
    position BIGINT NOT NULL,
    row_json TEXT NOT NULL,
    PRIMARY KEY (municipality, year, kind, position)
);

CREATE TABLE control_plan (
    municipality TEXT NOT NULL REFERENCES municipality(code),
    year BIGINT NOT NULL,
    plan_json TEXT NOT NULL,
    PRIMARY KEY (municipality, year)
);

CREATE TABLE control_item (
    municipality TEXT NOT NULL,
    year BIGINT NOT NULL,
    key TEXT NOT NULL,
    position BIGINT NOT NULL,
    item_json TEXT NOT NULL,
    PRIMARY KEY (municipality, year, key)
);

CREATE TABLE control_result (
    municipality TEXT NOT NULL,
    year BIGINT NOT NULL,
    item TEXT NOT NULL,
    period TEXT NOT NULL,
    result_json TEXT NOT NULL,
    PRIMARY KEY (municipality, year, item, period)
);

CREATE TABLE control_action (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    municipality TEXT NOT NULL REFERENCES municipality(code),
    year BIGINT NOT NULL,
    item TEXT NOT NULL,
    text TEXT NOT NULL,
    owner TEXT NOT NULL,
    due TEXT,
    done BIGINT NOT NULL DEFAULT 0
);

CREATE TABLE provider_row (
    municipality TEXT NOT NULL REFERENCES municipality(code),
    year BIGINT NOT NULL,
    kind TEXT NOT NULL,
    position BIGINT NOT NULL,
    row_json TEXT NOT NULL,
    PRIMARY KEY (municipality, year, kind, position)
);

-- Goals and indicators. Measures are BIGINT value × 10 000; periods are text (2024, 2024-03, 2024-T1, 2024-D08).

CREATE TABLE goal_year (
    municipality TEXT NOT NULL REFERENCES municipality(code),
    year BIGINT NOT NULL,
    scale_json TEXT NOT NULL,
    levels_json TEXT NOT NULL,
    published BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (municipality, year)
);

CREATE TABLE goal (
    municipality TEXT NOT NULL,
    year BIGINT NOT NULL,
    key TEXT NOT NULL,
    depth BIGINT NOT NULL,
    parent_key TEXT,
    number TEXT,
    title TEXT NOT NULL,
    kf_goal TEXT,
    agenda2030 TEXT NOT NULL,
    position BIGINT NOT NULL,
    PRIMARY KEY (municipality, year, key),
    FOREIGN KEY (municipality, year) REFERENCES goal_year(municipality, year)
);

CREATE TABLE indicator (
    municipality TEXT NOT NULL,
    year BIGINT NOT NULL,
    key TEXT NOT NULL,
    goal_key TEXT NOT NULL,
    name TEXT NOT NULL,
    unit TEXT NOT NULL,
    direction TEXT NOT NULL,
    source TEXT,
    method TEXT,
    kolada_kpi TEXT,
    responsible TEXT,
    position BIGINT NOT NULL,
    PRIMARY KEY (municipality, year, key),
    FOREIGN KEY (municipality, year, goal_key) REFERENCES goal(municipality, year, key)
);

CREATE TABLE indicator_target (
    municipality TEXT NOT NULL REFERENCES municipality(code),
    indicator_key TEXT NOT NULL,
    period TEXT NOT NULL,
    kind TEXT NOT NULL,
    value BIGINT,
    base_period TEXT,
    PRIMARY KEY (municipality, indicator_key, period)
);

CREATE TABLE indicator_outcome (
    municipality TEXT NOT NULL REFERENCES municipality(code),
    indicator_key TEXT NOT NULL,
    period TEXT NOT NULL,
    total BIGINT,
    women BIGINT,
    men BIGINT,
    note TEXT,
    PRIMARY KEY (municipality, indicator_key, period)
);

CREATE TABLE goal_assessment (
    municipality TEXT NOT NULL REFERENCES municipality(code),
    goal_key TEXT NOT NULL,
    period TEXT NOT NULL,
    level TEXT NOT NULL,
    analysis TEXT NOT NULL,
    assessed_by TEXT NOT NULL,
    assessed_at TEXT NOT NULL,
    PRIMARY KEY (municipality, goal_key, period)
);

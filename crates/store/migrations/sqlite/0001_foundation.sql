-- Foundation: municipalities, organisation, follow-up plans, accounts, sessions, audit log.
-- Money is BIGINT öre, dates are ISO TEXT, booleans are BIGINT 0/1 (the sqlx Any driver's common ground).

CREATE TABLE municipality (
    code TEXT PRIMARY KEY NOT NULL,
    name TEXT NOT NULL
);

CREATE TABLE body (
    municipality TEXT NOT NULL REFERENCES municipality(code),
    key TEXT NOT NULL,
    kind TEXT NOT NULL,
    name TEXT NOT NULL,
    parent_key TEXT,
    position BIGINT NOT NULL,
    PRIMARY KEY (municipality, key)
);

CREATE TABLE unit (
    municipality TEXT NOT NULL REFERENCES municipality(code),
    key TEXT NOT NULL,
    kind TEXT NOT NULL,
    name TEXT NOT NULL,
    ansvar TEXT,
    parent_key TEXT,
    body_key TEXT,
    position BIGINT NOT NULL,
    PRIMARY KEY (municipality, key)
);

CREATE TABLE follow_up_plan (
    municipality TEXT NOT NULL REFERENCES municipality(code),
    year BIGINT NOT NULL,
    forecast_months TEXT NOT NULL,
    interim_months TEXT NOT NULL,
    PRIMARY KEY (municipality, year)
);

CREATE TABLE app_user (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    username TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    role TEXT NOT NULL,
    municipality TEXT REFERENCES municipality(code),
    password_hash TEXT NOT NULL,
    created_at TEXT NOT NULL,
    disabled BIGINT NOT NULL DEFAULT 0
);

CREATE TABLE session (
    id TEXT PRIMARY KEY NOT NULL,
    data TEXT NOT NULL,
    expires_unix BIGINT NOT NULL
);

CREATE TABLE audit_log (
    seq BIGINT PRIMARY KEY NOT NULL,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    municipality TEXT,
    action TEXT NOT NULL,
    entity TEXT NOT NULL,
    entity_key TEXT NOT NULL,
    before_json TEXT,
    after_json TEXT,
    prev_hash TEXT NOT NULL UNIQUE,
    hash TEXT NOT NULL
);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;

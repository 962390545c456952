-- Meetings: the head (JSON), agenda items, protocol paragraphs, signatures and the notice
-- board. Once a protocol is justerat its content hash is recorded in meeting.locked_hash and
-- the triggers below refuse any change to its paragraphs or its head.

CREATE TABLE meeting (
    municipality TEXT NOT NULL REFERENCES municipality(code),
    id TEXT NOT NULL,
    body TEXT NOT NULL,
    date TEXT NOT NULL,
    meeting_json TEXT NOT NULL,
    locked_hash TEXT,
    PRIMARY KEY (municipality, id)
);

CREATE TABLE agenda_item (
    municipality TEXT NOT NULL,
    meeting TEXT NOT NULL,
    number INTEGER NOT NULL,
    item_json TEXT NOT NULL,
    PRIMARY KEY (municipality, meeting, number)
);

CREATE TABLE protocol_paragraph (
    municipality TEXT NOT NULL,
    meeting TEXT NOT NULL,
    number INTEGER NOT NULL,
    paragraph_json TEXT NOT NULL,
    PRIMARY KEY (municipality, meeting, number)
);

CREATE TABLE protocol_signature (
    municipality TEXT NOT NULL,
    meeting TEXT NOT NULL,
    role TEXT NOT NULL,
    signer TEXT NOT NULL,
    signed_at TEXT NOT NULL,
    PRIMARY KEY (municipality, meeting, role, signer)
);

CREATE TABLE notice_board (
    municipality TEXT NOT NULL,
    meeting TEXT NOT NULL,
    justerad TEXT NOT NULL,
    posted TEXT NOT NULL,
    appeal_last_day TEXT NOT NULL,
    PRIMARY KEY (municipality, meeting)
);

CREATE TRIGGER paragraph_locked_insert BEFORE INSERT ON protocol_paragraph
WHEN (SELECT locked_hash FROM meeting WHERE municipality = NEW.municipality AND id = NEW.meeting) IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'the protocol is justerat and locked');
END;

CREATE TRIGGER paragraph_locked_update BEFORE UPDATE ON protocol_paragraph
WHEN (SELECT locked_hash FROM meeting WHERE municipality = OLD.municipality AND id = OLD.meeting) IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'the protocol is justerat and locked');
END;

CREATE TRIGGER paragraph_locked_delete BEFORE DELETE ON protocol_paragraph
WHEN (SELECT locked_hash FROM meeting WHERE municipality = OLD.municipality AND id = OLD.meeting) IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'the protocol is justerat and locked');
END;

CREATE TRIGGER meeting_locked_update BEFORE UPDATE ON meeting
WHEN OLD.locked_hash IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'the protocol is justerat and locked');
END;

CREATE TRIGGER meeting_locked_delete BEFORE DELETE ON meeting
WHEN OLD.locked_hash IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'the protocol is justerat and locked');
END;

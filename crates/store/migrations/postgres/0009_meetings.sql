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

CREATE FUNCTION paragraph_refuse_when_locked() RETURNS trigger AS $$
DECLARE
    m TEXT;
    mid TEXT;
BEGIN
    IF TG_OP = 'INSERT' THEN
        m := NEW.municipality; mid := NEW.meeting;
    ELSE
        m := OLD.municipality; mid := OLD.meeting;
    END IF;
    IF EXISTS (SELECT 1 FROM meeting WHERE municipality = m AND id = mid AND locked_hash IS NOT NULL) THEN
        RAISE EXCEPTION 'the protocol is justerat and locked';
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER paragraph_locked BEFORE INSERT OR UPDATE OR DELETE ON protocol_paragraph
    FOR EACH ROW EXECUTE FUNCTION paragraph_refuse_when_locked();

CREATE FUNCTION meeting_refuse_when_locked() RETURNS trigger AS $$
BEGIN
    IF OLD.locked_hash IS NOT NULL THEN
        RAISE EXCEPTION 'the protocol is justerat and locked';
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER meeting_locked BEFORE UPDATE OR DELETE ON meeting
    FOR EACH ROW EXECUTE FUNCTION meeting_refuse_when_locked();

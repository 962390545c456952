-- The SHA-256 of the file a ledger was read from, so that an auditor can tell that a file in
-- hand is the one imported.

ALTER TABLE ledger_import ADD COLUMN sha256 TEXT NOT NULL DEFAULT '';

-- The file a year's ledger was read from, kept whole, so that an auditor can open the very
-- file behind a drill-down's lines (and check it against its SHA-256). Kept in parts of at
-- most 1 MiB, written and read one at a time, so that neither the import nor a download holds
-- the file in memory. Only the file of a year's latest import is kept: a new import replaces
-- the rows, and with them the file (its size is NULL in the history from then on).

CREATE TABLE ledger_file_part (
    import_id BIGINT NOT NULL,
    seq INTEGER NOT NULL,
    bytes BLOB NOT NULL,
    PRIMARY KEY (import_id, seq)
);

ALTER TABLE ledger_import ADD COLUMN file_size BIGINT;

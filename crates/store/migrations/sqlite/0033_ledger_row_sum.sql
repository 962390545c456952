-- A ledger row refers to the sum it is counted in (`sum_id`), which holds its municipality,
-- year, month, account, objects and place (drift row and category), and to its voucher
-- (`ledger_voucher`: series, number and text, once for all its rows); its own text is kept
-- only where it differs from the voucher's. A row is written with one text value instead of
-- eight values, a mapping change updates only the sums, and a drill-down finds a cell's rows
-- through the sums it shows.
CREATE TABLE ledger_sum_new (
    id INTEGER PRIMARY KEY,
    municipality TEXT NOT NULL,
    year BIGINT NOT NULL,
    month BIGINT NOT NULL,
    account BIGINT NOT NULL,
    objects TEXT NOT NULL,
    row_key TEXT,
    category TEXT,
    row_count BIGINT NOT NULL,
    amount BIGINT NOT NULL
);
INSERT INTO ledger_sum_new (municipality, year, month, account, objects, row_key, category, row_count, amount)
SELECT municipality, year, month, account, objects, row_key, category, row_count, amount FROM ledger_sum;
DROP TABLE ledger_sum;
ALTER TABLE ledger_sum_new RENAME TO ledger_sum;
CREATE INDEX ledger_sum_year ON ledger_sum (municipality, year);

-- A voucher of an import, numbered in the order the import met it.
CREATE TABLE ledger_voucher (
    import_id BIGINT NOT NULL,
    seq BIGINT NOT NULL,
    series TEXT NOT NULL,
    number TEXT NOT NULL,
    text TEXT NOT NULL,
    PRIMARY KEY (import_id, seq)
);
-- The rows already there: a voucher each (their number as the sequence).
INSERT INTO ledger_voucher (import_id, seq, series, number, text)
SELECT import_id, rowid, series, number, text FROM ledger_row;

CREATE INDEX ledger_sum_key ON ledger_sum (municipality, year, month, account, objects);
CREATE TABLE ledger_row_new (
    sum_id BIGINT NOT NULL,
    import_id BIGINT NOT NULL,
    voucher BIGINT NOT NULL,
    line BIGINT NOT NULL,
    date TEXT NOT NULL,
    amount BIGINT NOT NULL,
    -- NULL: the voucher's text.
    text TEXT
);
INSERT INTO ledger_row_new (sum_id, import_id, voucher, line, date, amount, text)
SELECT s.id, r.import_id, r.rowid, r.line, r.date, r.amount, NULL
FROM ledger_row r JOIN ledger_sum s
  ON s.municipality = r.municipality AND s.year = r.year AND s.month = CAST(substr(r.date, 6, 2) AS BIGINT)
 AND s.account = r.account AND s.objects = r.objects AND s.row_key IS r.row_key AND s.category IS r.category
ORDER BY r.rowid;
DROP TABLE ledger_row;
ALTER TABLE ledger_row_new RENAME TO ledger_row;
DROP INDEX ledger_sum_key;
CREATE INDEX ledger_row_sum ON ledger_row (sum_id);

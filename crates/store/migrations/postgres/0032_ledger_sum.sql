-- A year's ledger summed per month, account, objects and place (drift row and category): what
-- the drift table, the months the ledger has, the mapping editor and a mapping change read,
-- without going through every row. Written with the rows (an import, a mapping change).
CREATE TABLE ledger_sum (
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
CREATE INDEX ledger_sum_year ON ledger_sum (municipality, year);

INSERT INTO ledger_sum (municipality, year, month, account, objects, row_key, category, row_count, amount)
SELECT municipality, year, CAST(substr(date, 6, 2) AS BIGINT), account, objects, row_key, category, COUNT(*), CAST(SUM(amount) AS BIGINT)
FROM ledger_row
GROUP BY municipality, year, substr(date, 6, 2), account, objects, row_key, category;

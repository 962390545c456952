-- The unit of the organisation a drift row is (its key or name), whose head enters the row's
-- forecasts; NULL: the unit with the row's key or name.

ALTER TABLE econ_row ADD COLUMN unit TEXT;

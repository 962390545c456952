-- The month an interim report was published to (NULL for a full-year report), so that the
-- report as it stands is compared with its published copy over the same months.

ALTER TABLE published_report ADD COLUMN to_month BIGINT;

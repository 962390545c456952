-- The unit (enhet) an account works in: a head of a unit sees that unit's deviations only.

ALTER TABLE app_user ADD COLUMN unit TEXT;

-- What a forecast rests on, in the words of whoever made it (a head of unit or a controller).

ALTER TABLE forecast ADD COLUMN comment TEXT NOT NULL DEFAULT '';

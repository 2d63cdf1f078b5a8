-- A migration that fails half-way (test class path only): its first table must not survive the failure.
CREATE TABLE HalfDone (ID TEXT NOT NULL PRIMARY KEY);
INSERT INTO NoSuchTable (ID) VALUES ('x');

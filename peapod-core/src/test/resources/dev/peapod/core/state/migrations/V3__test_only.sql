-- A second migration that exists only in the test class path, to exercise upgrades.
CREATE TABLE TestOnly (ID TEXT NOT NULL PRIMARY KEY REFERENCES PodConfig (ID));
INSERT INTO TestOnly (ID) SELECT ID FROM PodConfig;

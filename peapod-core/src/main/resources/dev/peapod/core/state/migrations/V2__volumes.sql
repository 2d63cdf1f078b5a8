-- peapod state schema, version 2: named volumes (the local driver).
-- Volumes have their own name space, apart from pods and containers. Config columns are written once; MountCount
-- and NeedsCopyUp change under the volume's lock. Labels and Options are JSON objects of strings.
-- Which containers use a volume is read from their configs' mounts.

CREATE TABLE Volume (
    Name        TEXT NOT NULL PRIMARY KEY,
    Driver      TEXT NOT NULL,
    Anonymous   INTEGER NOT NULL,
    CreatedSec  INTEGER NOT NULL,
    CreatedNano INTEGER NOT NULL,
    Labels      TEXT NOT NULL,
    Options     TEXT NOT NULL,
    MountCount  INTEGER NOT NULL CHECK (MountCount >= 0),
    NeedsCopyUp INTEGER NOT NULL
);
CREATE INDEX VolumeCreated ON Volume (CreatedSec, CreatedNano);

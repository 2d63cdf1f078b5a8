-- peapod state schema, version 1.
-- Pods and containers share one id space and one name space: IDNamespace holds every id and name.
-- Each object has a config table (written once) and a state table (rewritten often); the indexed
-- columns serve lookups and constraints, the JSON column holds the whole record.
-- Statements end with a semicolon at the end of a line; no semicolons elsewhere.

CREATE TABLE IDNamespace (
    ID   TEXT NOT NULL PRIMARY KEY,
    Name TEXT NOT NULL UNIQUE,
    Kind TEXT NOT NULL CHECK (Kind IN ('pod', 'container'))
);

CREATE TABLE PodConfig (
    ID          TEXT NOT NULL PRIMARY KEY REFERENCES IDNamespace (ID),
    Name        TEXT NOT NULL UNIQUE,
    Namespace   TEXT NOT NULL,
    CreatedSec  INTEGER NOT NULL,
    CreatedNano INTEGER NOT NULL,
    JSON        TEXT NOT NULL
);
CREATE INDEX PodConfigNamespace ON PodConfig (Namespace);
CREATE INDEX PodConfigCreated ON PodConfig (CreatedSec, CreatedNano);

CREATE TABLE PodState (
    ID               TEXT NOT NULL PRIMARY KEY REFERENCES PodConfig (ID) ON DELETE CASCADE,
    InfraContainerID TEXT NOT NULL,
    JSON             TEXT NOT NULL
);

CREATE TABLE ContainerConfig (
    ID          TEXT NOT NULL PRIMARY KEY REFERENCES IDNamespace (ID),
    Name        TEXT NOT NULL UNIQUE,
    Namespace   TEXT NOT NULL,
    PodID       TEXT REFERENCES PodConfig (ID),
    CreatedSec  INTEGER NOT NULL,
    CreatedNano INTEGER NOT NULL,
    JSON        TEXT NOT NULL
);
CREATE INDEX ContainerConfigPod ON ContainerConfig (PodID);
CREATE INDEX ContainerConfigNamespace ON ContainerConfig (Namespace);
CREATE INDEX ContainerConfigCreated ON ContainerConfig (CreatedSec, CreatedNano);

CREATE TABLE ContainerState (
    ID       TEXT NOT NULL PRIMARY KEY REFERENCES ContainerConfig (ID) ON DELETE CASCADE,
    State    TEXT NOT NULL,
    ExitCode INTEGER NOT NULL,
    JSON     TEXT NOT NULL
);

-- Every container another needs first: explicit dependencies and namespace owners alike.
-- Deleting a container that others still reference fails on the DependencyID foreign key.
CREATE TABLE ContainerDependency (
    ID           TEXT NOT NULL REFERENCES ContainerConfig (ID) ON DELETE CASCADE,
    DependencyID TEXT NOT NULL REFERENCES ContainerConfig (ID),
    PRIMARY KEY (ID, DependencyID),
    CHECK (ID <> DependencyID)
);
CREATE INDEX ContainerDependencyDependency ON ContainerDependency (DependencyID);

-- peapod state, schema 1. Indexed columns for lookups and constraints, JSON blobs for the records;
-- config and state of each object in separate tables (config written once, state often).
-- Pods and containers share one id space and one name space.
CREATE TABLE IDNamespace (
    ID TEXT PRIMARY KEY NOT NULL
);
CREATE TABLE NameNamespace (
    Name TEXT PRIMARY KEY NOT NULL,
    ID   TEXT NOT NULL REFERENCES IDNamespace (ID) ON DELETE CASCADE
);
CREATE TABLE PodConfig (
    ID        TEXT PRIMARY KEY NOT NULL REFERENCES IDNamespace (ID),
    Name      TEXT NOT NULL UNIQUE,
    Namespace TEXT NOT NULL,
    JSON      TEXT NOT NULL
);
CREATE TABLE PodState (
    ID               TEXT PRIMARY KEY NOT NULL REFERENCES PodConfig (ID) ON DELETE CASCADE,
    InfraContainerID TEXT NOT NULL,
    JSON             TEXT NOT NULL
);
CREATE TABLE ContainerConfig (
    ID        TEXT PRIMARY KEY NOT NULL REFERENCES IDNamespace (ID),
    Name      TEXT NOT NULL UNIQUE,
    PodID     TEXT REFERENCES PodConfig (ID),
    Namespace TEXT NOT NULL,
    JSON      TEXT NOT NULL
);
CREATE INDEX ContainerConfigPod ON ContainerConfig (PodID);
CREATE TABLE ContainerState (
    ID       TEXT PRIMARY KEY NOT NULL REFERENCES ContainerConfig (ID) ON DELETE CASCADE,
    State    TEXT NOT NULL,
    ExitCode INTEGER NOT NULL,
    JSON     TEXT NOT NULL
);
CREATE TABLE ContainerDependency (
    ID           TEXT NOT NULL REFERENCES ContainerConfig (ID) ON DELETE CASCADE,
    DependencyID TEXT NOT NULL REFERENCES ContainerConfig (ID),
    PRIMARY KEY (ID, DependencyID),
    CHECK (ID <> DependencyID)
);
CREATE INDEX ContainerDependencyOn ON ContainerDependency (DependencyID);

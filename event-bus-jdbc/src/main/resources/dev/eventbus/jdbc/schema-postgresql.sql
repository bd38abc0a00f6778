-- Publication log of event-bus durable delivery (event-bus-spring-boot-starter-jdbc), PostgreSQL.
-- One row per (event id, listener id); applied with eventbus.durable.schema.initialize, safe to run again.
CREATE TABLE IF NOT EXISTS eventbus_publication (
    event_id        VARCHAR(64)              NOT NULL,
    listener_id     VARCHAR(255)             NOT NULL,
    event_name      VARCHAR(255)             NOT NULL,
    origin          VARCHAR(255)             NOT NULL,
    args            TEXT                     NOT NULL,
    schema_version  INTEGER                  NOT NULL,
    status          VARCHAR(16)              NOT NULL,
    attempts        INTEGER                  NOT NULL,
    last_error      TEXT,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    next_attempt_at TIMESTAMP WITH TIME ZONE NOT NULL,
    lease_owner     VARCHAR(255),
    lease_until     TIMESTAMP WITH TIME ZONE,
    completed_at    TIMESTAMP WITH TIME ZONE,
    PRIMARY KEY (event_id, listener_id)
);
CREATE INDEX IF NOT EXISTS eventbus_publication_owed
    ON eventbus_publication (next_attempt_at) WHERE status = 'owed';
CREATE INDEX IF NOT EXISTS eventbus_publication_owed_age
    ON eventbus_publication (created_at) WHERE status = 'owed';
CREATE INDEX IF NOT EXISTS eventbus_publication_completed
    ON eventbus_publication (completed_at) WHERE status = 'completed';
CREATE TABLE IF NOT EXISTS eventbus_publication_archive (
    event_id        VARCHAR(64)              NOT NULL,
    listener_id     VARCHAR(255)             NOT NULL,
    event_name      VARCHAR(255)             NOT NULL,
    origin          VARCHAR(255)             NOT NULL,
    args            TEXT                     NOT NULL,
    schema_version  INTEGER                  NOT NULL,
    status          VARCHAR(16)              NOT NULL,
    attempts        INTEGER                  NOT NULL,
    last_error      TEXT,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    next_attempt_at TIMESTAMP WITH TIME ZONE NOT NULL,
    lease_owner     VARCHAR(255),
    lease_until     TIMESTAMP WITH TIME ZONE,
    completed_at    TIMESTAMP WITH TIME ZONE,
    PRIMARY KEY (event_id, listener_id)
);

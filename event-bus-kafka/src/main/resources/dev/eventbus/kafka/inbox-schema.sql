CREATE TABLE IF NOT EXISTS eventbus_inbox (
    event_id VARCHAR(255) NOT NULL,
    listener_id VARCHAR(255) NOT NULL,
    received_at TIMESTAMP NOT NULL,
    PRIMARY KEY (event_id, listener_id)
);
CREATE INDEX IF NOT EXISTS eventbus_inbox_received_at ON eventbus_inbox (received_at);

-- The channels a warehouse ships to. A warehouse without rows here serves every channel, as every warehouse did
-- before; one with rows serves those channels only, so their buyers are promised and sent its stock alone.
CREATE TABLE warehouse_channels (
    warehouse_id BIGINT NOT NULL REFERENCES warehouses (id) ON DELETE CASCADE,
    channel_id   BIGINT NOT NULL REFERENCES channels (id) ON DELETE CASCADE,
    PRIMARY KEY (warehouse_id, channel_id)
);
CREATE INDEX warehouse_channels_channel ON warehouse_channels (channel_id);

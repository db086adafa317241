-- +goose Up
-- One parcel serving several orders of one customer at one address (a consignment). Each order
-- keeps its own shipment row with its share of the items (order_id on every row, so an order's
-- documents stay with the order when orders are sharded); the shipments name the consignment,
-- and this row holds what the parts share: the customer, the store and the delivery address's
-- fingerprint (order.AddressKey), so a later part cannot go elsewhere.
CREATE TABLE IF NOT EXISTS shipment_consignments (
    id            CHAR(26)      NOT NULL,
    store_id      VARCHAR(64)   NOT NULL,
    customer_id   VARCHAR(128)  NOT NULL,
    address_key   CHAR(32)      NOT NULL,
    created_date  DATETIME(6)   NOT NULL,
    created_by    VARCHAR(256)  NOT NULL,
    PRIMARY KEY (id),
    KEY ix_shipment_consignments_customer (customer_id, created_date)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

ALTER TABLE order_shipments
    ADD COLUMN consignment_id CHAR(26) NOT NULL DEFAULT '' AFTER vendor_id,
    ADD KEY ix_order_shipments_consignment (consignment_id);

-- +goose Down
ALTER TABLE order_shipments
    DROP KEY ix_order_shipments_consignment,
    DROP COLUMN consignment_id;
DROP TABLE IF EXISTS shipment_consignments;

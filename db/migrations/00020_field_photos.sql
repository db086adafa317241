-- +goose Up
-- Field mode: a scanned package or item bar code finds its order through an index, and the
-- photo taken at delivery is kept in the database (app servers stay stateless), written in the
-- transaction of the order save it came with; change_set_id links it to that change set.
ALTER TABLE order_shipment_packages ADD KEY ix_order_shipment_packages_bar_code (bar_code);
ALTER TABLE order_shipment_items ADD KEY ix_order_shipment_items_bar_code (bar_code);
CREATE TABLE IF NOT EXISTS order_photos (
    order_id      CHAR(26)      NOT NULL,
    id            CHAR(26)      NOT NULL,
    shipment_id   CHAR(26)      NOT NULL,
    change_set_id CHAR(26)      NOT NULL,
    content_type  VARCHAR(64)   NOT NULL,
    size          INT           NOT NULL,
    sha256        CHAR(64)      NOT NULL,
    body          MEDIUMBLOB    NOT NULL,
    created_by    VARCHAR(256)  NOT NULL,
    created_at    DATETIME(6)   NOT NULL,
    PRIMARY KEY (order_id, id),
    KEY ix_order_photos_change_set (change_set_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- +goose Down
DROP TABLE IF EXISTS order_photos;
ALTER TABLE order_shipment_items DROP KEY ix_order_shipment_items_bar_code;
ALTER TABLE order_shipment_packages DROP KEY ix_order_shipment_packages_bar_code;

-- +goose Up
-- The order aggregate (internal/order): one table per entity, every field an explicit column.
--
-- Conventions:
--   * ids are application-made ULIDs, CHAR(26); ids that come from other systems (customer,
--     store, product, catalog, promotion …) are VARCHAR(128). No AUTO_INCREMENT, no foreign keys:
--     every child row carries order_id and its primary key starts with it, so one order's rows
--     sit together on disk and the schema can be sharded by order_id (Vitess, TiDB …).
--   * money is DECIMAL(19,4); rates (fractions, 0.0825 = 8.25 %) are DECIMAL(19,6); dimensions
--     and weights DECIMAL(19,4); a custom field's decimal value DECIMAL(28,8). The store rounds
--     inputs to these scales before it calculates, so what is saved is what is loaded.
--   * computed values that Virto persists (line price_with_tax, shipment total …) are stored
--     rounded to the column's scale for SQL reports; loading recalculates them exactly from the
--     inputs. The order's stored totals (already rounded per currency) are what lists show.
--   * position keeps the order of a collection; owner_type/owner_id say which document an
--     address, discount, tax or fee detail or custom-field value belongs to.
--   * every table is created IF NOT EXISTS: MySQL DDL is not transactional, so a migration
--     that stopped half-way can simply run again.

CREATE TABLE IF NOT EXISTS orders (
    id                      CHAR(26)       NOT NULL,
    number                  VARCHAR(64)    NOT NULL,
    version                 INT            NOT NULL,
    parent_operation_id     VARCHAR(128)   NOT NULL,
    is_approved             BOOLEAN        NOT NULL,
    status                  VARCHAR(64)    NOT NULL,
    comment                 TEXT           NOT NULL,
    currency                VARCHAR(3)     NOT NULL,
    sum                     DECIMAL(19,4)  NOT NULL,
    outer_id                VARCHAR(128)   NOT NULL,
    is_cancelled            BOOLEAN        NOT NULL,
    cancelled_state         VARCHAR(16)    NOT NULL,
    cancelled_date          DATETIME(6)    NULL,
    cancel_reason           TEXT           NOT NULL,
    customer_id             VARCHAR(128)   NOT NULL,
    customer_name           VARCHAR(255)   NOT NULL,
    channel_id              VARCHAR(128)   NOT NULL,
    store_id                VARCHAR(128)   NOT NULL,
    store_name              VARCHAR(255)   NOT NULL,
    organization_id         VARCHAR(128)   NOT NULL,
    organization_name       VARCHAR(255)   NOT NULL,
    employee_id             VARCHAR(128)   NOT NULL,
    employee_name           VARCHAR(255)   NOT NULL,
    shopping_cart_id        VARCHAR(128)   NOT NULL,
    is_prototype            BOOLEAN        NOT NULL,
    purchase_order_number   VARCHAR(128)   NOT NULL,
    subscription_id         VARCHAR(128)   NOT NULL,
    subscription_number     VARCHAR(64)    NOT NULL,
    language_code           VARCHAR(16)    NOT NULL,
    is_anonymous            BOOLEAN        NOT NULL,
    tax_type                VARCHAR(64)    NOT NULL,
    tax_percent_rate        DECIMAL(19,6)  NOT NULL,
    discount_amount         DECIMAL(19,4)  NOT NULL,
    fee                     DECIMAL(19,4)  NOT NULL,
    fee_with_tax            DECIMAL(19,4)  NOT NULL,
    fee_total               DECIMAL(19,4)  NOT NULL,
    fee_total_with_tax      DECIMAL(19,4)  NOT NULL,
    total                   DECIMAL(19,4)  NOT NULL,
    sub_total               DECIMAL(19,4)  NOT NULL,
    sub_total_with_tax      DECIMAL(19,4)  NOT NULL,
    shipping_total          DECIMAL(19,4)  NOT NULL,
    shipping_total_with_tax DECIMAL(19,4)  NOT NULL,
    payment_total           DECIMAL(19,4)  NOT NULL,
    payment_total_with_tax  DECIMAL(19,4)  NOT NULL,
    discount_total          DECIMAL(19,4)  NOT NULL,
    discount_total_with_tax DECIMAL(19,4)  NOT NULL,
    tax_total               DECIMAL(19,4)  NOT NULL,
    handling_total          DECIMAL(19,4)  NOT NULL,
    handling_total_with_tax DECIMAL(19,4)  NOT NULL,
    created_date            DATETIME(6)    NOT NULL,
    created_by              VARCHAR(256)   NOT NULL,
    modified_date           DATETIME(6)    NULL,
    modified_by             VARCHAR(256)   NOT NULL,
    PRIMARY KEY (id),
    -- Numbers come from per-store counters, so two stores may hand out the same number (Virto
    -- §3.7); within a store a number is unique. number first: finding by number uses it.
    UNIQUE KEY uq_orders_number (number, store_id),
    KEY ix_orders_store_created (store_id, created_date),
    KEY ix_orders_status_created (status, created_date),
    KEY ix_orders_customer_created (customer_id, created_date),
    KEY ix_orders_employee_created (employee_id, created_date),
    KEY ix_orders_outer_id (outer_id),
    KEY ix_orders_created (created_date)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS order_line_items (
    order_id                   CHAR(26)       NOT NULL,
    id                         CHAR(26)       NOT NULL,
    position                   INT            NOT NULL,
    price_id                   VARCHAR(128)   NOT NULL,
    currency                   VARCHAR(3)     NOT NULL,
    price                      DECIMAL(19,4)  NOT NULL,
    price_with_tax             DECIMAL(19,4)  NOT NULL,
    discount_amount            DECIMAL(19,4)  NOT NULL,
    discount_amount_with_tax   DECIMAL(19,4)  NOT NULL,
    is_discount_amount_rounded BOOLEAN        NOT NULL,
    fee                        DECIMAL(19,4)  NOT NULL,
    fee_with_tax               DECIMAL(19,4)  NOT NULL,
    tax_type                   VARCHAR(64)    NOT NULL,
    tax_total                  DECIMAL(19,4)  NOT NULL,
    tax_percent_rate           DECIMAL(19,6)  NOT NULL,
    quantity                   INT            NOT NULL,
    product_id                 VARCHAR(128)   NOT NULL,
    sku                        VARCHAR(128)   NOT NULL,
    product_type               VARCHAR(64)    NOT NULL,
    catalog_id                 VARCHAR(128)   NOT NULL,
    category_id                VARCHAR(128)   NOT NULL,
    name                       VARCHAR(1024)  NOT NULL,
    product_outer_id           VARCHAR(128)   NOT NULL,
    image_url                  VARCHAR(1028)  NOT NULL,
    comment                    TEXT           NOT NULL,
    status                     VARCHAR(64)    NOT NULL,
    is_gift                    BOOLEAN        NOT NULL,
    is_configured              BOOLEAN        NOT NULL,
    outer_id                   VARCHAR(128)   NOT NULL,
    vendor_id                  VARCHAR(128)   NOT NULL,
    shipping_method_code       VARCHAR(64)    NOT NULL,
    fulfillment_location_code  VARCHAR(64)    NOT NULL,
    fulfillment_center_id      VARCHAR(128)   NOT NULL,
    fulfillment_center_name    VARCHAR(255)   NOT NULL,
    weight_unit                VARCHAR(32)    NOT NULL,
    weight                     DECIMAL(19,4)  NULL,
    measure_unit               VARCHAR(32)    NOT NULL,
    height                     DECIMAL(19,4)  NULL,
    length                     DECIMAL(19,4)  NULL,
    width                      DECIMAL(19,4)  NULL,
    is_cancelled               BOOLEAN        NOT NULL,
    cancelled_date             DATETIME(6)    NULL,
    cancel_reason              TEXT           NOT NULL,
    created_date               DATETIME(6)    NOT NULL,
    created_by                 VARCHAR(256)   NOT NULL,
    modified_date              DATETIME(6)    NULL,
    modified_by                VARCHAR(256)   NOT NULL,
    PRIMARY KEY (order_id, id),
    KEY ix_order_line_items_sku (sku),
    KEY ix_order_line_items_product (product_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS order_configuration_items (
    order_id       CHAR(26)       NOT NULL,
    id             CHAR(26)       NOT NULL,
    line_item_id   CHAR(26)       NOT NULL,
    position       INT            NOT NULL,
    product_id     VARCHAR(128)   NOT NULL,
    section_id     VARCHAR(128)   NOT NULL,
    name           VARCHAR(1024)  NOT NULL,
    sku            VARCHAR(128)   NOT NULL,
    quantity       INT            NOT NULL,
    price          DECIMAL(19,4)  NOT NULL,
    sale_price     DECIMAL(19,4)  NOT NULL,
    extended_price DECIMAL(19,4)  NOT NULL,
    image_url      VARCHAR(1028)  NOT NULL,
    catalog_id     VARCHAR(128)   NOT NULL,
    category_id    VARCHAR(128)   NOT NULL,
    type           VARCHAR(64)    NOT NULL,
    custom_text    TEXT           NOT NULL,
    created_date   DATETIME(6)    NOT NULL,
    created_by     VARCHAR(256)   NOT NULL,
    modified_date  DATETIME(6)    NULL,
    modified_by    VARCHAR(256)   NOT NULL,
    PRIMARY KEY (order_id, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS order_configuration_item_files (
    order_id              CHAR(26)      NOT NULL,
    id                    CHAR(26)      NOT NULL,
    configuration_item_id CHAR(26)      NOT NULL,
    position              INT           NOT NULL,
    name                  VARCHAR(1024) NOT NULL,
    url                   TEXT          NOT NULL,
    content_type          VARCHAR(255)  NOT NULL,
    size                  BIGINT        NOT NULL,
    created_date          DATETIME(6)   NOT NULL,
    created_by            VARCHAR(256)  NOT NULL,
    modified_date         DATETIME(6)   NULL,
    modified_by           VARCHAR(256)  NOT NULL,
    PRIMARY KEY (order_id, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS order_shipments (
    order_id                 CHAR(26)       NOT NULL,
    id                       CHAR(26)       NOT NULL,
    position                 INT            NOT NULL,
    number                   VARCHAR(64)    NOT NULL,
    parent_operation_id      VARCHAR(128)   NOT NULL,
    is_approved              BOOLEAN        NOT NULL,
    status                   VARCHAR(64)    NOT NULL,
    comment                  TEXT           NOT NULL,
    currency                 VARCHAR(3)     NOT NULL,
    sum                      DECIMAL(19,4)  NOT NULL,
    outer_id                 VARCHAR(128)   NOT NULL,
    is_cancelled             BOOLEAN        NOT NULL,
    cancelled_state          VARCHAR(16)    NOT NULL,
    cancelled_date           DATETIME(6)    NULL,
    cancel_reason            TEXT           NOT NULL,
    organization_id          VARCHAR(128)   NOT NULL,
    organization_name        VARCHAR(255)   NOT NULL,
    fulfillment_center_id    VARCHAR(128)   NOT NULL,
    fulfillment_center_name  VARCHAR(255)   NOT NULL,
    employee_id              VARCHAR(128)   NOT NULL,
    employee_name            VARCHAR(255)   NOT NULL,
    shipment_method_code     VARCHAR(64)    NOT NULL,
    shipment_method_option   VARCHAR(64)    NOT NULL,
    pickup_location_id       VARCHAR(128)   NOT NULL,
    vendor_id                VARCHAR(128)   NOT NULL,
    price                    DECIMAL(19,4)  NOT NULL,
    price_with_tax           DECIMAL(19,4)  NOT NULL,
    discount_amount          DECIMAL(19,4)  NOT NULL,
    discount_amount_with_tax DECIMAL(19,4)  NOT NULL,
    fee                      DECIMAL(19,4)  NOT NULL,
    fee_with_tax             DECIMAL(19,4)  NOT NULL,
    total                    DECIMAL(19,4)  NOT NULL,
    total_with_tax           DECIMAL(19,4)  NOT NULL,
    tax_type                 VARCHAR(64)    NOT NULL,
    tax_total                DECIMAL(19,4)  NOT NULL,
    tax_percent_rate         DECIMAL(19,6)  NOT NULL,
    weight_unit              VARCHAR(32)    NOT NULL,
    weight                   DECIMAL(19,4)  NULL,
    volumetric_weight        DECIMAL(19,4)  NULL,
    measure_unit             VARCHAR(32)    NOT NULL,
    height                   DECIMAL(19,4)  NULL,
    length                   DECIMAL(19,4)  NULL,
    width                    DECIMAL(19,4)  NULL,
    tracking_number          VARCHAR(128)   NOT NULL,
    tracking_url             TEXT           NOT NULL,
    delivery_date            DATETIME(6)    NULL,
    created_date             DATETIME(6)    NOT NULL,
    created_by               VARCHAR(256)   NOT NULL,
    modified_date            DATETIME(6)    NULL,
    modified_by              VARCHAR(256)   NOT NULL,
    PRIMARY KEY (order_id, id),
    KEY ix_order_shipments_number (number),
    KEY ix_order_shipments_tracking (tracking_number)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS order_shipment_items (
    order_id            CHAR(26)      NOT NULL,
    id                  CHAR(26)      NOT NULL,
    shipment_id         CHAR(26)      NOT NULL,
    position            INT           NOT NULL,
    line_item_id        CHAR(26)      NOT NULL,
    shipment_package_id CHAR(26)      NOT NULL,
    bar_code            VARCHAR(128)  NOT NULL,
    quantity            INT           NOT NULL,
    status              VARCHAR(64)   NOT NULL,
    outer_id            VARCHAR(128)  NOT NULL,
    created_date        DATETIME(6)   NOT NULL,
    created_by          VARCHAR(256)  NOT NULL,
    modified_date       DATETIME(6)   NULL,
    modified_by         VARCHAR(256)  NOT NULL,
    PRIMARY KEY (order_id, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS order_shipment_packages (
    order_id      CHAR(26)       NOT NULL,
    id            CHAR(26)       NOT NULL,
    shipment_id   CHAR(26)       NOT NULL,
    position      INT            NOT NULL,
    bar_code      VARCHAR(128)   NOT NULL,
    package_type  VARCHAR(64)    NOT NULL,
    weight_unit   VARCHAR(32)    NOT NULL,
    weight        DECIMAL(19,4)  NULL,
    measure_unit  VARCHAR(32)    NOT NULL,
    height        DECIMAL(19,4)  NULL,
    length        DECIMAL(19,4)  NULL,
    width         DECIMAL(19,4)  NULL,
    created_date  DATETIME(6)    NOT NULL,
    created_by    VARCHAR(256)   NOT NULL,
    modified_date DATETIME(6)    NULL,
    modified_by   VARCHAR(256)   NOT NULL,
    PRIMARY KEY (order_id, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS order_payments (
    order_id                 CHAR(26)       NOT NULL,
    id                       CHAR(26)       NOT NULL,
    position                 INT            NOT NULL,
    number                   VARCHAR(64)    NOT NULL,
    parent_operation_id      VARCHAR(128)   NOT NULL,
    is_approved              BOOLEAN        NOT NULL,
    status                   VARCHAR(64)    NOT NULL,
    comment                  TEXT           NOT NULL,
    currency                 VARCHAR(3)     NOT NULL,
    sum                      DECIMAL(19,4)  NOT NULL,
    outer_id                 VARCHAR(128)   NOT NULL,
    is_cancelled             BOOLEAN        NOT NULL,
    cancelled_state          VARCHAR(16)    NOT NULL,
    cancelled_date           DATETIME(6)    NULL,
    cancel_reason            TEXT           NOT NULL,
    shipment_id              CHAR(26)       NOT NULL,
    purpose                  VARCHAR(1024)  NOT NULL,
    gateway_code             VARCHAR(64)    NOT NULL,
    organization_id          VARCHAR(128)   NOT NULL,
    organization_name        VARCHAR(255)   NOT NULL,
    customer_id              VARCHAR(128)   NOT NULL,
    customer_name            VARCHAR(255)   NOT NULL,
    vendor_id                VARCHAR(128)   NOT NULL,
    incoming_date            DATETIME(6)    NULL,
    authorized_date          DATETIME(6)    NULL,
    captured_date            DATETIME(6)    NULL,
    voided_date              DATETIME(6)    NULL,
    price                    DECIMAL(19,4)  NOT NULL,
    price_with_tax           DECIMAL(19,4)  NOT NULL,
    discount_amount          DECIMAL(19,4)  NOT NULL,
    discount_amount_with_tax DECIMAL(19,4)  NOT NULL,
    total                    DECIMAL(19,4)  NOT NULL,
    total_with_tax           DECIMAL(19,4)  NOT NULL,
    tax_type                 VARCHAR(64)    NOT NULL,
    tax_total                DECIMAL(19,4)  NOT NULL,
    tax_percent_rate         DECIMAL(19,6)  NOT NULL,
    created_date             DATETIME(6)    NOT NULL,
    created_by               VARCHAR(256)   NOT NULL,
    modified_date            DATETIME(6)    NULL,
    modified_by              VARCHAR(256)   NOT NULL,
    PRIMARY KEY (order_id, id),
    KEY ix_order_payments_number (number),
    KEY ix_order_payments_outer_id (outer_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS order_payment_transactions (
    order_id              CHAR(26)       NOT NULL,
    id                    CHAR(26)       NOT NULL,
    payment_id            CHAR(26)       NOT NULL,
    position              INT            NOT NULL,
    amount                DECIMAL(19,4)  NOT NULL,
    currency_code         VARCHAR(16)    NOT NULL,
    is_processed          BOOLEAN        NOT NULL,
    processed_date        DATETIME(6)    NULL,
    process_error         TEXT           NOT NULL,
    process_attempt_count INT            NOT NULL,
    request_data          MEDIUMTEXT     NOT NULL,
    response_data         MEDIUMTEXT     NOT NULL,
    response_code         VARCHAR(255)   NOT NULL,
    gateway_ip_address    VARCHAR(128)   NOT NULL,
    type                  VARCHAR(64)    NOT NULL,
    status                VARCHAR(64)    NOT NULL,
    note                  TEXT           NOT NULL,
    created_date          DATETIME(6)    NOT NULL,
    created_by            VARCHAR(256)   NOT NULL,
    modified_date         DATETIME(6)    NULL,
    modified_by           VARCHAR(256)   NOT NULL,
    PRIMARY KEY (order_id, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS order_captures (
    order_id            CHAR(26)       NOT NULL,
    id                  CHAR(26)       NOT NULL,
    payment_id          CHAR(26)       NOT NULL,
    position            INT            NOT NULL,
    number              VARCHAR(64)    NOT NULL,
    parent_operation_id VARCHAR(128)   NOT NULL,
    is_approved         BOOLEAN        NOT NULL,
    status              VARCHAR(64)    NOT NULL,
    comment             TEXT           NOT NULL,
    currency            VARCHAR(3)     NOT NULL,
    sum                 DECIMAL(19,4)  NOT NULL,
    outer_id            VARCHAR(128)   NOT NULL,
    is_cancelled        BOOLEAN        NOT NULL,
    cancelled_state     VARCHAR(16)    NOT NULL,
    cancelled_date      DATETIME(6)    NULL,
    cancel_reason       TEXT           NOT NULL,
    amount              DECIMAL(19,4)  NOT NULL,
    vendor_id           VARCHAR(256)   NOT NULL,
    transaction_id      VARCHAR(128)   NOT NULL,
    close_transaction   BOOLEAN        NOT NULL,
    created_date        DATETIME(6)    NOT NULL,
    created_by          VARCHAR(256)   NOT NULL,
    modified_date       DATETIME(6)    NULL,
    modified_by         VARCHAR(256)   NOT NULL,
    PRIMARY KEY (order_id, id),
    KEY ix_order_captures_number (number)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS order_capture_items (
    order_id      CHAR(26)      NOT NULL,
    id            CHAR(26)      NOT NULL,
    capture_id    CHAR(26)      NOT NULL,
    position      INT           NOT NULL,
    line_item_id  CHAR(26)      NOT NULL,
    quantity      INT           NOT NULL,
    outer_id      VARCHAR(128)  NOT NULL,
    created_date  DATETIME(6)   NOT NULL,
    created_by    VARCHAR(256)  NOT NULL,
    modified_date DATETIME(6)   NULL,
    modified_by   VARCHAR(256)  NOT NULL,
    PRIMARY KEY (order_id, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS order_refunds (
    order_id              CHAR(26)       NOT NULL,
    id                    CHAR(26)       NOT NULL,
    payment_id            CHAR(26)       NOT NULL,
    position              INT            NOT NULL,
    number                VARCHAR(64)    NOT NULL,
    parent_operation_id   VARCHAR(128)   NOT NULL,
    is_approved           BOOLEAN        NOT NULL,
    status                VARCHAR(64)    NOT NULL,
    comment               TEXT           NOT NULL,
    currency              VARCHAR(3)     NOT NULL,
    sum                   DECIMAL(19,4)  NOT NULL,
    outer_id              VARCHAR(128)   NOT NULL,
    is_cancelled          BOOLEAN        NOT NULL,
    cancelled_state       VARCHAR(16)    NOT NULL,
    cancelled_date        DATETIME(6)    NULL,
    cancel_reason         TEXT           NOT NULL,
    amount                DECIMAL(19,4)  NOT NULL,
    reason_code           VARCHAR(32)    NOT NULL,
    reason_message        TEXT           NOT NULL,
    reject_reason_message TEXT           NOT NULL,
    vendor_id             VARCHAR(256)   NOT NULL,
    transaction_id        VARCHAR(128)   NOT NULL,
    created_date          DATETIME(6)    NOT NULL,
    created_by            VARCHAR(256)   NOT NULL,
    modified_date         DATETIME(6)    NULL,
    modified_by           VARCHAR(256)   NOT NULL,
    PRIMARY KEY (order_id, id),
    KEY ix_order_refunds_number (number)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS order_refund_items (
    order_id      CHAR(26)      NOT NULL,
    id            CHAR(26)      NOT NULL,
    refund_id     CHAR(26)      NOT NULL,
    position      INT           NOT NULL,
    line_item_id  CHAR(26)      NOT NULL,
    quantity      INT           NOT NULL,
    outer_id      VARCHAR(128)  NOT NULL,
    created_date  DATETIME(6)   NOT NULL,
    created_by    VARCHAR(256)  NOT NULL,
    modified_date DATETIME(6)   NULL,
    modified_by   VARCHAR(256)  NOT NULL,
    PRIMARY KEY (order_id, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Addresses of the order (owner_type 'order'), a shipment's delivery address ('shipment') and a
-- payment's billing address ('payment'). The owner is part of the key: an address copied with
-- its id from the order onto a shipment is still two rows.
CREATE TABLE IF NOT EXISTS order_addresses (
    order_id      CHAR(26)      NOT NULL,
    owner_type    VARCHAR(16)   NOT NULL,
    owner_id      CHAR(26)      NOT NULL,
    id            CHAR(26)      NOT NULL,
    position      INT           NOT NULL,
    address_type  VARCHAR(64)   NOT NULL,
    name          VARCHAR(2048) NOT NULL,
    organization  VARCHAR(512)  NOT NULL,
    first_name    VARCHAR(128)  NOT NULL,
    middle_name   VARCHAR(128)  NOT NULL,
    last_name     VARCHAR(128)  NOT NULL,
    line1         VARCHAR(2048) NOT NULL,
    line2         VARCHAR(2048) NOT NULL,
    city          VARCHAR(128)  NOT NULL,
    postal_code   VARCHAR(64)   NOT NULL,
    region_id     VARCHAR(128)  NOT NULL,
    region_name   VARCHAR(128)  NOT NULL,
    country_code  VARCHAR(3)    NOT NULL,
    country_name  VARCHAR(128)  NOT NULL,
    phone         VARCHAR(64)   NOT NULL,
    email         VARCHAR(256)  NOT NULL,
    outer_id      VARCHAR(128)  NOT NULL,
    description   VARCHAR(128)  NOT NULL,
    is_default    BOOLEAN       NOT NULL,
    PRIMARY KEY (order_id, owner_type, owner_id, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Discounts, tax details and fee details of the order ('order'), a line ('line'), a shipment
-- ('shipment') or a payment ('payment').
CREATE TABLE IF NOT EXISTS order_discounts (
    order_id                   CHAR(26)       NOT NULL,
    owner_type                 VARCHAR(16)    NOT NULL,
    owner_id                   CHAR(26)       NOT NULL,
    id                         CHAR(26)       NOT NULL,
    position                   INT            NOT NULL,
    promotion_id               VARCHAR(128)   NOT NULL,
    name                       VARCHAR(1024)  NOT NULL,
    description                TEXT           NOT NULL,
    currency                   VARCHAR(16)    NOT NULL,
    discount_amount            DECIMAL(19,4)  NOT NULL,
    discount_amount_with_tax   DECIMAL(19,4)  NOT NULL,
    coupon                     VARCHAR(255)   NOT NULL,
    coupon_invalid_description TEXT           NOT NULL,
    PRIMARY KEY (order_id, owner_type, owner_id, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS order_tax_details (
    order_id   CHAR(26)       NOT NULL,
    owner_type VARCHAR(16)    NOT NULL,
    owner_id   CHAR(26)       NOT NULL,
    id         CHAR(26)       NOT NULL,
    position   INT            NOT NULL,
    name       VARCHAR(1024)  NOT NULL,
    rate       DECIMAL(19,6)  NOT NULL,
    amount     DECIMAL(19,4)  NOT NULL,
    PRIMARY KEY (order_id, owner_type, owner_id, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS order_fee_details (
    order_id    CHAR(26)       NOT NULL,
    owner_type  VARCHAR(16)    NOT NULL,
    owner_id    CHAR(26)       NOT NULL,
    id          CHAR(26)       NOT NULL,
    position    INT            NOT NULL,
    fee_id      VARCHAR(128)   NOT NULL,
    currency    VARCHAR(16)    NOT NULL,
    amount      DECIMAL(19,4)  NOT NULL,
    description TEXT           NOT NULL,
    PRIMARY KEY (order_id, owner_type, owner_id, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Custom fields of the order, a line, shipment, payment, capture or refund: one row per value,
-- the property's definition repeated on each. A property without values keeps one row with
-- value_position -1 so it survives a round trip.
CREATE TABLE IF NOT EXISTS order_dynamic_property_values (
    order_id           CHAR(26)       NOT NULL,
    owner_type         VARCHAR(16)    NOT NULL,
    owner_id           CHAR(26)       NOT NULL,
    property_position  INT            NOT NULL,
    value_position     INT            NOT NULL,
    property_id        VARCHAR(128)   NOT NULL,
    name               VARCHAR(256)   NOT NULL,
    value_type         VARCHAR(16)    NOT NULL,
    is_array           BOOLEAN        NOT NULL,
    is_dictionary      BOOLEAN        NOT NULL,
    is_multilingual    BOOLEAN        NOT NULL,
    value_id           CHAR(26)       NOT NULL,
    locale             VARCHAR(64)    NOT NULL,
    dictionary_item_id VARCHAR(128)   NOT NULL,
    short_text_value   VARCHAR(512)   NOT NULL,
    long_text_value    MEDIUMTEXT     NOT NULL,
    integer_value      BIGINT         NOT NULL,
    decimal_value      DECIMAL(28,8)  NOT NULL,
    boolean_value      BOOLEAN        NOT NULL,
    datetime_value     DATETIME(6)    NULL,
    PRIMARY KEY (order_id, owner_type, owner_id, property_position, value_position)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Returns (RMA records) are not part of the order aggregate; they reference the order and its
-- lines. version is the optimistic-locking counter; numbers come from one global counter.
CREATE TABLE IF NOT EXISTS order_returns (
    id            CHAR(26)      NOT NULL,
    order_id      CHAR(26)      NOT NULL,
    number        VARCHAR(64)   NOT NULL,
    version       INT           NOT NULL,
    status        VARCHAR(64)   NOT NULL,
    resolution    TEXT          NOT NULL,
    created_date  DATETIME(6)   NOT NULL,
    created_by    VARCHAR(256)  NOT NULL,
    modified_date DATETIME(6)   NULL,
    modified_by   VARCHAR(256)  NOT NULL,
    PRIMARY KEY (id),
    UNIQUE KEY uq_order_returns_number (number),
    KEY ix_order_returns_order (order_id, created_date)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS order_return_line_items (
    order_id           CHAR(26)       NOT NULL,
    id                 CHAR(26)       NOT NULL,
    return_id          CHAR(26)       NOT NULL,
    position           INT            NOT NULL,
    order_line_item_id CHAR(26)       NOT NULL,
    quantity           INT            NOT NULL,
    price              DECIMAL(19,4)  NOT NULL,
    reason             VARCHAR(1024)  NOT NULL,
    created_date       DATETIME(6)    NOT NULL,
    created_by         VARCHAR(256)   NOT NULL,
    modified_date      DATETIME(6)    NULL,
    modified_by        VARCHAR(256)   NOT NULL,
    PRIMARY KEY (order_id, id),
    KEY ix_order_return_line_items_return (return_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- +goose Down
DROP TABLE IF EXISTS order_return_line_items;
DROP TABLE IF EXISTS order_returns;
DROP TABLE IF EXISTS order_dynamic_property_values;
DROP TABLE IF EXISTS order_fee_details;
DROP TABLE IF EXISTS order_tax_details;
DROP TABLE IF EXISTS order_discounts;
DROP TABLE IF EXISTS order_addresses;
DROP TABLE IF EXISTS order_refund_items;
DROP TABLE IF EXISTS order_refunds;
DROP TABLE IF EXISTS order_capture_items;
DROP TABLE IF EXISTS order_captures;
DROP TABLE IF EXISTS order_payment_transactions;
DROP TABLE IF EXISTS order_payments;
DROP TABLE IF EXISTS order_shipment_packages;
DROP TABLE IF EXISTS order_shipment_items;
DROP TABLE IF EXISTS order_shipments;
DROP TABLE IF EXISTS order_configuration_item_files;
DROP TABLE IF EXISTS order_configuration_items;
DROP TABLE IF EXISTS order_line_items;
DROP TABLE IF EXISTS orders;

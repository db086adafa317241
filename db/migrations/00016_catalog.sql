-- +goose Up
-- The product catalog and price lists the order page prices new lines from (internal/pricing).
SET SESSION innodb_ft_enable_stopword = 0;

CREATE TABLE IF NOT EXISTS products (
    id              VARCHAR(128)  NOT NULL,
    sku             VARCHAR(128)  NOT NULL,
    name            VARCHAR(1024) NOT NULL,
    image_url       VARCHAR(1024) NOT NULL,
    tax_type        VARCHAR(64)   NOT NULL,
    weight          DECIMAL(19,4) NULL,
    track_inventory BOOLEAN       NOT NULL,
    in_stock        INT           NOT NULL,
    updated_at      DATETIME(6)   NOT NULL,
    PRIMARY KEY (id),
    UNIQUE KEY uq_products_sku (sku),
    FULLTEXT KEY ft_products (sku, name)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- A price list applies to one currency, optionally one store and one customer group.
CREATE TABLE IF NOT EXISTS price_lists (
    id             VARCHAR(128) NOT NULL,
    name           VARCHAR(255) NOT NULL,
    currency       VARCHAR(3)   NOT NULL,
    store_id       VARCHAR(128) NOT NULL,
    customer_group VARCHAR(128) NOT NULL,
    priority       INT          NOT NULL,
    PRIMARY KEY (id),
    KEY ix_price_lists_currency (currency)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- One price of a product in a list, from min_quantity units up; sale_price while on sale.
CREATE TABLE IF NOT EXISTS prices (
    price_list_id VARCHAR(128)  NOT NULL,
    product_id    VARCHAR(128)  NOT NULL,
    min_quantity  INT           NOT NULL,
    list_price    DECIMAL(19,4) NOT NULL,
    sale_price    DECIMAL(19,4) NULL,
    PRIMARY KEY (product_id, price_list_id, min_quantity)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS product_discounts (
    id         CHAR(26)      NOT NULL,
    product_id VARCHAR(128)  NOT NULL,
    percent    DECIMAL(9,4)  NOT NULL,
    amount     DECIMAL(19,4) NOT NULL,
    store_id   VARCHAR(128)  NOT NULL,
    starts_at  DATETIME(6)   NULL,
    ends_at    DATETIME(6)   NULL,
    PRIMARY KEY (id),
    KEY ix_product_discounts_product (product_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- +goose Down
DROP TABLE IF EXISTS product_discounts;
DROP TABLE IF EXISTS prices;
DROP TABLE IF EXISTS price_lists;
DROP TABLE IF EXISTS products;

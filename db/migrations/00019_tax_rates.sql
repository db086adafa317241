-- +goose Up
-- The built-in tax table, the tax provider of stores without AvaTax: a rate per country,
-- region ('' for the whole country) and tax type ('' for every type). The most specific row wins.
CREATE TABLE IF NOT EXISTS tax_rates (
    country  VARCHAR(64)  NOT NULL,
    region   VARCHAR(128) NOT NULL,
    tax_type VARCHAR(64)  NOT NULL,
    rate     DECIMAL(9,6) NOT NULL,
    PRIMARY KEY (country, region, tax_type)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- +goose Down
DROP TABLE IF EXISTS tax_rates;

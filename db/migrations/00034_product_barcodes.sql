-- +goose Up
-- A product's bar code (EAN/UPC/GTIN or the warehouse's own code; empty when it has none) and
-- where it is kept (bin or shelf, e.g. "A-03-2"): field mode counts picked units by scanning the
-- bar code and sorts a pick list by location, so a picker walks the aisles once.
ALTER TABLE products
    ADD COLUMN barcode  VARCHAR(64) NOT NULL DEFAULT '' AFTER sku,
    ADD COLUMN location VARCHAR(64) NOT NULL DEFAULT '' AFTER barcode,
    ADD KEY ix_products_barcode (barcode);

-- +goose Down
ALTER TABLE products
    DROP KEY ix_products_barcode,
    DROP COLUMN location,
    DROP COLUMN barcode;

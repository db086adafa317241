-- +goose Up
-- Virto's order search criteria the list has no index for: organizations, subscriptions and
-- promotions (any discount row of the order, its lines, shipments or payments).
ALTER TABLE orders
    ADD KEY ix_orders_organization_created (organization_id, created_date),
    ADD KEY ix_orders_subscription_created (subscription_id, created_date);
ALTER TABLE order_discounts
    ADD KEY ix_order_discounts_promotion (promotion_id);

-- +goose Down
ALTER TABLE order_discounts
    DROP KEY ix_order_discounts_promotion;
ALTER TABLE orders
    DROP KEY ix_orders_subscription_created,
    DROP KEY ix_orders_organization_created;

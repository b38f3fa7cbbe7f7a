-- Guest carts, found by an unguessable token kept in a cookie.

CREATE TABLE carts (
    id         INTEGER PRIMARY KEY,
    token      TEXT   NOT NULL UNIQUE,
    currency   TEXT   NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

CREATE TABLE cart_lines (
    id         INTEGER PRIMARY KEY,
    cart_id    BIGINT NOT NULL REFERENCES carts (id) ON DELETE CASCADE,
    variant_id BIGINT NOT NULL REFERENCES variants (id) ON DELETE CASCADE,
    quantity   BIGINT NOT NULL CHECK (quantity > 0),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    UNIQUE (cart_id, variant_id)
);

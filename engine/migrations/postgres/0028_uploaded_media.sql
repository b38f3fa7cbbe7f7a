-- Files staff upload (product images and their widths), when the database is the media store: the default, so
-- every app server serves them with no shared disk. A directory or a bucket holds them otherwise.
CREATE TABLE media_files (
    path         TEXT   PRIMARY KEY,
    content_type TEXT   NOT NULL,
    bytes        BYTEA  NOT NULL,
    created_at   BIGINT NOT NULL
);

-- What pages need to show an uploaded image without layout shift, by its address: its size, the widths made of it
-- (comma-separated, smallest first) and whether each has a WebP beside it.
CREATE TABLE media_images (
    url        TEXT   PRIMARY KEY,
    width      BIGINT NOT NULL,
    height     BIGINT NOT NULL,
    widths     TEXT   NOT NULL,
    webp       BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL
);

-- An image's alt text in the shop's other locales (a JSON object by locale; a missing one falls back to `alt`), and
-- the variant it shows, if it shows one.
ALTER TABLE product_images ADD COLUMN alts TEXT NOT NULL DEFAULT '{}';
ALTER TABLE product_images ADD COLUMN variant_sku TEXT;

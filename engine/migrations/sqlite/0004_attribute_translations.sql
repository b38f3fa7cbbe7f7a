-- Attribute names and enum option labels per locale, so facets and specification tables read in the page's
-- language. A missing translation falls back to the default locale's text on the attribute row.

CREATE TABLE attribute_translations (
    attribute_id BIGINT NOT NULL REFERENCES attributes (id) ON DELETE CASCADE,
    locale       TEXT   NOT NULL,
    name         TEXT   NOT NULL,
    PRIMARY KEY (attribute_id, locale)
);

CREATE TABLE attribute_option_translations (
    attribute_id BIGINT NOT NULL,
    value        TEXT   NOT NULL,
    locale       TEXT   NOT NULL,
    label        TEXT   NOT NULL,
    PRIMARY KEY (attribute_id, value, locale),
    FOREIGN KEY (attribute_id, value) REFERENCES attribute_options (attribute_id, value) ON DELETE CASCADE
);

//! Product search: a full-text and facet index over the catalog, kept fresh from the change log.

pub(crate) mod docs;
pub(crate) mod index;

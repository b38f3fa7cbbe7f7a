//! A synthetic catalog of any size for load tests: the demo category tree, with `n` products spread over its leaf
//! categories, each a numbered series of a demo product (same variants, prices and illustration, unique slug and
//! SKUs). Deterministic, so two runs seed the same shop.

use super::{SeedCatalog, SeedCategory, SeedProduct, demo_catalog};

/// The demo tree holding `n` generated products instead of the demo's own.
pub fn synthetic_catalog(n: u32) -> SeedCatalog {
    let mut catalog = demo_catalog();
    let mut templates: Vec<(Vec<usize>, SeedProduct)> = Vec::new();
    collect(&catalog.categories, &mut Vec::new(), &mut templates);
    clear_products(&mut catalog.categories);
    if templates.is_empty() {
        return catalog;
    }
    for i in 0..n as usize {
        let (path, template) = &templates[i % templates.len()];
        let series = i / templates.len() + 1;
        let mut product = template.clone();
        product.slug = format!("{}-s{series}", template.slug);
        product.name = format!("{} (series {series})", template.name);
        for text in &mut product.translations {
            text.slug = format!("{}-s{series}", text.slug);
            text.name = format!("{} (Serie {series})", text.name);
        }
        for variant in &mut product.variants {
            variant.sku = format!("{}-S{series}", variant.sku);
        }
        leaf_at(&mut catalog.categories, path)
            .products
            .push(product);
    }
    catalog
}

fn collect(
    categories: &[SeedCategory],
    path: &mut Vec<usize>,
    out: &mut Vec<(Vec<usize>, SeedProduct)>,
) {
    for (i, category) in categories.iter().enumerate() {
        path.push(i);
        out.extend(category.products.iter().map(|p| (path.clone(), p.clone())));
        collect(&category.children, path, out);
        path.pop();
    }
}

fn clear_products(categories: &mut [SeedCategory]) {
    for category in categories {
        category.products.clear();
        clear_products(&mut category.children);
    }
}

fn leaf_at<'a>(categories: &'a mut [SeedCategory], path: &[usize]) -> &'a mut SeedCategory {
    let (first, rest) = path.split_first().expect("a category path is never empty");
    let category = &mut categories[*first];
    if rest.is_empty() {
        category
    } else {
        leaf_at(&mut category.children, rest)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    fn products(categories: &[SeedCategory]) -> Vec<&SeedProduct> {
        categories
            .iter()
            .flat_map(|c| c.products.iter().chain(products(&c.children)))
            .collect()
    }

    #[test]
    fn it_holds_exactly_n_products_with_unique_slugs_and_skus() {
        let catalog = synthetic_catalog(1_000);
        let all = products(&catalog.categories);
        assert_eq!(all.len(), 1_000);
        assert_eq!(
            all.iter().map(|p| &p.slug).collect::<HashSet<_>>().len(),
            1_000
        );
        let skus: Vec<_> = all
            .iter()
            .flat_map(|p| p.variants.iter().map(|v| &v.sku))
            .collect();
        assert_eq!(skus.iter().collect::<HashSet<_>>().len(), skus.len());
    }

    #[test]
    fn translated_slugs_stay_unique() {
        let catalog = synthetic_catalog(1_000);
        let slugs: Vec<_> = products(&catalog.categories)
            .iter()
            .flat_map(|p| {
                p.translations
                    .iter()
                    .map(|t| (t.locale.clone(), t.slug.clone()))
            })
            .collect();
        assert!(!slugs.is_empty());
        assert_eq!(slugs.iter().collect::<HashSet<_>>().len(), slugs.len());
    }

    #[test]
    fn products_share_their_templates_illustrations() {
        let catalog = synthetic_catalog(500);
        let paths: HashSet<_> = products(&catalog.categories)
            .iter()
            .map(|p| p.images[0].path.clone())
            .collect();
        assert!(paths.len() < 500);
    }
}

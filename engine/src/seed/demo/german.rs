//! The demo's second content locale: German names, slugs and descriptions for every category, and for every
//! product whose name the glossary covers (the rest fall back to English, as a shop mid-translation does).

use std::collections::HashSet;

use super::build::slugify;
use crate::seed::{SeedCategory, SeedText};

const CATEGORIES: &[(&str, &str, &str)] = &[
    (
        "fasteners",
        "Befestigungstechnik",
        "Schrauben, Muttern, Scheiben, Dübel und Nieten in metrischen Größen nach DIN und ISO, von der Einzelstückzahl bis zum Karton.",
    ),
    (
        "bolts-screws",
        "Schrauben",
        "Sechskantschrauben, Zylinderschrauben und Holzschrauben in verzinkt, schwarz und Edelstahl.",
    ),
    (
        "hex-bolts",
        "Sechskantschrauben",
        "Sechskantschrauben nach DIN 933 und DIN 931 in Festigkeitsklasse 8.8 und Edelstahl A2-70, M6 bis M16.",
    ),
    (
        "socket-cap-screws",
        "Zylinderschrauben",
        "Hochfeste Zylinderschrauben mit Innensechskant nach DIN 912 in Klasse 12.9.",
    ),
    (
        "wood-screws",
        "Holz- und Spanplattenschrauben",
        "Spanplattenschrauben mit Pozidriv und Terrassenschrauben aus Edelstahl für Möbel- und Holzbau.",
    ),
    (
        "nuts-washers",
        "Muttern und Scheiben",
        "Sechskantmuttern, Sicherungsmuttern und Unterlegscheiben passend zu unseren Schrauben.",
    ),
    (
        "hex-nuts",
        "Sechskantmuttern",
        "Sechskantmuttern nach DIN 934 in verzinktem Stahl Klasse 8 und Edelstahl A2, M6 bis M16.",
    ),
    (
        "lock-nuts",
        "Sicherungsmuttern",
        "Selbstsichernde Muttern mit Polyamidring nach DIN 985.",
    ),
    (
        "washers",
        "Unterlegscheiben",
        "Flache Scheiben nach DIN 125 und DIN 9021.",
    ),
    (
        "anchors-plugs",
        "Dübel und Anker",
        "Dübel und Schwerlastanker für Beton, Mauerwerk und Hohlwände.",
    ),
    (
        "blind-rivets",
        "Blindnieten",
        "Blindnieten aus Aluminium und Edelstahl mit Flachrundkopf.",
    ),
    (
        "hand-tools",
        "Handwerkzeug",
        "Schraubenschlüssel, Schraubendreher, Zangen, Hämmer und Messwerkzeug für Werkstatt und Baustelle.",
    ),
    (
        "spanners-wrenches",
        "Schraubenschlüssel",
        "Ring-, Maul- und Ratschenschlüssel aus Chrom-Vanadium-Stahl.",
    ),
    (
        "screwdrivers",
        "Schraubendreher",
        "Schraubendreher für Schlitz, Kreuzschlitz, Pozidriv und Torx.",
    ),
    (
        "pliers-cutters",
        "Zangen und Schneider",
        "Kombizangen, Seitenschneider und Wasserpumpenzangen.",
    ),
    (
        "striking-measuring",
        "Schlagen und Messen",
        "Hämmer, Fäustel, Maßbänder und Wasserwaagen.",
    ),
    (
        "hammers",
        "Hämmer und Fäustel",
        "Schlosserhämmer, Fäustel und Schonhämmer.",
    ),
    (
        "tape-measures-levels",
        "Maßbänder und Wasserwaagen",
        "Maßbänder der EG-Klasse II und Wasserwaagen aus Aluminium.",
    ),
    (
        "safety-gear",
        "Arbeitsschutz",
        "Handschuhe, Helme, Schutzbrillen, Gehörschutz, Warnkleidung und Atemschutz nach EN-Normen.",
    ),
    (
        "hand-protection",
        "Handschutz",
        "Arbeits-, Einweg- und Schnittschutzhandschuhe.",
    ),
    (
        "work-gloves",
        "Arbeitshandschuhe",
        "Montage- und Lederhandschuhe für jeden Tag.",
    ),
    (
        "disposable-gloves",
        "Einweghandschuhe",
        "Einweghandschuhe aus Nitril und Latex in Spenderboxen.",
    ),
    (
        "cut-resistant-gloves",
        "Schnittschutzhandschuhe",
        "Schnittschutzhandschuhe der Klassen B bis F nach EN 388.",
    ),
    (
        "head-eye-hearing",
        "Kopf-, Augen- und Gehörschutz",
        "Schutzhelme, Schutzbrillen und Gehörschutz.",
    ),
    (
        "safety-helmets",
        "Schutzhelme",
        "Industrieschutzhelme nach EN 397.",
    ),
    (
        "eye-protection",
        "Augenschutz",
        "Schutzbrillen und Vollsichtbrillen nach EN 166.",
    ),
    (
        "hearing-protection",
        "Gehörschutz",
        "Kapselgehörschutz und Gehörschutzstöpsel.",
    ),
    (
        "hi-vis-clothing",
        "Warnschutzkleidung",
        "Warnwesten und Warnjacken nach EN ISO 20471.",
    ),
    (
        "respiratory-protection",
        "Atemschutz",
        "Atemschutzmasken FFP2 und FFP3 nach EN 149.",
    ),
    (
        "packaging",
        "Verpackung",
        "Kartons, Versandschachteln, Klebeband, Stretchfolie und Etiketten für den Versand.",
    ),
    (
        "cartons-boxes",
        "Kartons und Schachteln",
        "Faltkartons und Versandschachteln aus Wellpappe.",
    ),
    (
        "single-wall-cartons",
        "Einwellige Kartons",
        "Einwellige Faltkartons für leichte Güter.",
    ),
    (
        "double-wall-cartons",
        "Zweiwellige Kartons",
        "Zweiwellige Faltkartons für schwere Güter.",
    ),
    (
        "postal-boxes",
        "Versandschachteln",
        "Gestanzte Versandschachteln mit Aufreißfaden.",
    ),
    (
        "packing-tape",
        "Packband",
        "Packband aus PP und PVC, leise abrollend.",
    ),
    (
        "stretch-film-wrap",
        "Stretchfolie",
        "Handstretchfolie und Luftpolsterfolie.",
    ),
    ("labels", "Etiketten", "Versand- und Warnetiketten."),
    (
        "adhesives-sealants",
        "Kleb- und Dichtstoffe",
        "Dichtstoffe, Montagekleber, Schraubensicherungen und PU-Schaum.",
    ),
    (
        "sealants",
        "Silikon und Acryl",
        "Silikon- und Acryldichtstoffe für Sanitär, Bau und Maler.",
    ),
    (
        "construction-adhesives",
        "Montagekleber",
        "Montage- und Kontaktkleber für Bau und Ausbau.",
    ),
    (
        "threadlockers",
        "Schraubensicherungen",
        "Schraubensicherungen und Fügeprodukte mittel- und hochfest.",
    ),
    (
        "pu-foam",
        "PU-Schaum",
        "Montage- und Pistolenschaum aus Polyurethan.",
    ),
];

/// English phrase → German, longest phrases first so "Hex Bolt" wins over "Bolt".
const GLOSSARY: &[(&str, &str)] = &[
    (
        "Socket Head Cap Screw",
        "Zylinderschraube mit Innensechskant",
    ),
    ("Nylon Insert Lock Nut", "Sicherungsmutter mit Polyamidring"),
    ("Zinc-Plated Steel", "Stahl verzinkt"),
    ("Stainless Steel", "Edelstahl"),
    ("Combination Spanner", "Ringmaulschlüssel"),
    ("Chipboard Screw", "Spanplattenschraube"),
    ("Shipping Carton", "Versandkarton"),
    ("Chrome Vanadium", "Chrom-Vanadium"),
    ("Tape Measure", "Maßband"),
    ("Blind Rivet", "Blindniete"),
    ("Postal Box", "Versandschachtel"),
    ("Black Steel", "Stahl schwarz"),
    ("Flat Washer", "Unterlegscheibe"),
    ("Yellow Zinc", "gelb verzinkt"),
    ("Countersunk", "Senkkopf"),
    ("Zinc-Plated", "verzinkt"),
    ("Double-Wall", "Zweiwellig"),
    ("Single-Wall", "Einwellig"),
    ("Dome Head", "Flachrundkopf"),
    ("Hex Bolt", "Sechskantschraube"),
    ("Hex Nut", "Sechskantmutter"),
    ("Gloves", "Handschuhe"),
    ("Glove", "Handschuh"),
    ("Helmet", "Schutzhelm"),
    ("Hammer", "Hammer"),
    ("Brown", "braun"),
    ("with Tear Strip", "mit Aufreißfaden"),
];

fn german_slug(name: &str) -> String {
    let folded: String = name
        .chars()
        .flat_map(|c| match c {
            'ä' | 'Ä' => vec!['a', 'e'],
            'ö' | 'Ö' => vec!['o', 'e'],
            'ü' | 'Ü' => vec!['u', 'e'],
            'ß' => vec!['s', 's'],
            c => vec![c],
        })
        .collect();
    slugify(&folded)
}

fn translate_name(name: &str) -> Option<String> {
    let mut out = name.to_owned();
    let mut hit = false;
    for (en, de) in GLOSSARY {
        if out.contains(en) {
            out = out.replace(en, de);
            hit = true;
        }
    }
    hit.then_some(out)
}

pub(super) fn translate(categories: &mut [SeedCategory]) {
    let mut slugs = HashSet::new();
    walk(categories, &mut slugs);
}

fn walk(categories: &mut [SeedCategory], slugs: &mut HashSet<String>) {
    for category in categories {
        if let Some((_, name, description)) = CATEGORIES.iter().find(|(s, ..)| *s == category.slug)
        {
            category.translations.push(SeedText {
                locale: "de".into(),
                slug: german_slug(name),
                name: (*name).into(),
                description: (*description).into(),
            });
        }
        for product in &mut category.products {
            let Some(name) = translate_name(&product.name) else {
                continue;
            };
            let mut slug = german_slug(&name);
            if !slugs.insert(slug.clone()) {
                slug = format!("{slug}-{}", product.slug);
                slugs.insert(slug.clone());
            }
            product.translations.push(SeedText {
                locale: "de".into(),
                description: format!(
                    "{name} von {brand}. Technische Daten, Staffelpreise und Verfügbarkeit finden Sie auf dieser \
                     Seite; alle Preise gelten pro Stück beziehungsweise pro Packung.\n\nLieferung ab Lager, \
                     Bestellungen bis 15 Uhr verlassen unser Haus am selben Tag.",
                    brand = product.brand
                ),
                name,
                slug,
            });
        }
        walk(&mut category.children, slugs);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_translated_through_the_glossary() {
        assert_eq!(
            translate_name("Hex Bolt DIN 933 M8 × 40, Zinc-Plated Steel 8.8").as_deref(),
            Some("Sechskantschraube DIN 933 M8 × 40, Stahl verzinkt 8.8")
        );
        assert_eq!(translate_name("Klebwerk Something"), None);
        assert_eq!(
            german_slug("Ringmaulschlüssel 13 mm"),
            "ringmaulschluessel-13-mm"
        );
    }

    #[test]
    fn every_category_has_a_german_name() {
        let catalog = super::super::demo_catalog();
        fn all(c: &[SeedCategory]) -> Vec<&SeedCategory> {
            c.iter()
                .flat_map(|c| std::iter::once(c).chain(all(&c.children)))
                .collect()
        }
        for c in all(&catalog.categories) {
            assert!(
                c.translations.iter().any(|t| t.locale == "de"),
                "{}",
                c.slug
            );
        }
    }
}

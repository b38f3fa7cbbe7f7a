//! Fasteners: bolts and screws, nuts and washers, anchors and plugs, blind rivets.

use super::build::{Item, Row, Sell, cat, eur, leaf, rows};
use crate::seed::SeedCategory;

const FASTENER_HUE: u16 = 210;

pub(super) fn fasteners() -> SeedCategory {
    let h = FASTENER_HUE;
    cat(
        "fasteners",
        "Fasteners",
        "Bolts, screws, nuts, washers, anchors and rivets in metric sizes to DIN and ISO standards. Boxed for the \
         workshop and priced for volume, from single pieces to cartons of a thousand.",
        vec![
            cat(
                "bolts-screws",
                "Bolts & Screws",
                "Hex bolts, socket cap screws and wood screws in zinc-plated, black and stainless finishes.",
                vec![
                    leaf(
                        "hex-bolts",
                        "Hex Bolts",
                        "Hexagon head bolts to DIN 933 and DIN 931 in property class 8.8 and stainless A2-70, M6 to \
                         M16. The workhorse of steel construction, racking and machine building.",
                        h,
                        hex_bolts(),
                    ),
                    leaf(
                        "socket-cap-screws",
                        "Socket Cap Screws",
                        "High-tensile DIN 912 cap screws in class 12.9 for machine building, jigs and fixtures.",
                        h,
                        socket_cap_screws(),
                    ),
                    leaf(
                        "wood-screws",
                        "Wood & Chipboard Screws",
                        "Pozidriv chipboard screws and stainless decking screws for joinery, furniture and timber \
                         construction.",
                        h,
                        wood_screws(),
                    ),
                ],
                Vec::new(),
            ),
            cat(
                "nuts-washers",
                "Nuts & Washers",
                "The other half of every bolted joint: hex nuts, lock nuts and flat washers to match our bolts.",
                vec![
                    leaf(
                        "hex-nuts",
                        "Hex Nuts",
                        "DIN 934 hexagon nuts in class 8 zinc-plated steel and A2 stainless, M6 to M16.",
                        h,
                        hex_nuts(),
                    ),
                    leaf(
                        "lock-nuts",
                        "Lock Nuts",
                        "DIN 985 nylon insert lock nuts that stay put under vibration.",
                        h,
                        lock_nuts(),
                    ),
                    leaf(
                        "washers",
                        "Flat Washers",
                        "DIN 125 and large-diameter DIN 9021 washers to spread the load under heads and nuts.",
                        h,
                        washers(),
                    ),
                ],
                Vec::new(),
            ),
            leaf(
                "anchors-plugs",
                "Anchors & Plugs",
                "Nylon plugs, frame fixings and steel anchors for fixing into concrete and masonry. Pick by base \
                 material and load; the product pages give hole diameter and depth.",
                h,
                anchors(),
            ),
            leaf(
                "blind-rivets",
                "Blind Rivets",
                "Dome-head blind rivets in aluminium and stainless steel for joining sheet from one side.",
                h,
                blind_rivets(),
            ),
        ],
        Vec::new(),
    )
}

/// ISO pitch, DIN width across flats, DIN 934 nut height.
fn metric(d: u32) -> (&'static str, u32, &'static str) {
    match d {
        4 => ("0.7", 7, "3.2"),
        5 => ("0.8", 8, "4"),
        6 => ("1.0", 10, "5"),
        8 => ("1.25", 13, "6.5"),
        10 => ("1.5", 17, "8"),
        12 => ("1.75", 19, "10"),
        _ => ("2.0", 24, "13"),
    }
}

fn hex_bolts() -> Vec<Item> {
    #[rustfmt::skip]
    const ZINC: &[(u32, u32)] = &[
        (6, 20), (6, 30), (8, 20), (8, 30), (8, 40), (8, 50), (10, 30), (10, 50), (10, 80), (12, 40), (12, 60),
        (12, 100), (16, 60), (16, 100),
    ];
    const A2: &[(u32, u32)] = &[(6, 20), (8, 30), (10, 40)];
    let mut out = Vec::new();
    for (stainless, sizes) in [(false, ZINC), (true, A2)] {
        for &(d, l) in sizes {
            let (pitch, flats, _) = metric(d);
            // Long bolts come with a plain shank (DIN 931); short ones are threaded to the head (DIN 933).
            let partial = l >= 8 * d;
            let (din, iso) = if partial {
                ("931", "ISO 4014")
            } else {
                ("933", "ISO 4017")
            };
            let (finish, short, grade) = if stainless {
                (
                    "Stainless Steel A2-70",
                    "stainless steel",
                    "stainless steel A2-70 (1.4301)",
                )
            } else {
                (
                    "Zinc-Plated Steel 8.8",
                    "zinc-plated",
                    "property class 8.8 steel with bright zinc plating",
                )
            };
            let thread = if partial {
                "with a plain shank and partial thread"
            } else {
                "threaded up to the head"
            };
            let use_ = if stainless {
                "Austenitic stainless steel shrugs off rain, condensation and cleaning agents, so it suits outdoor \
                 structures, facades and food-processing equipment. Near chlorides (pools, coast) specify A4, and \
                 combine with stainless nuts and washers to avoid contact corrosion."
            } else if partial {
                "The plain shank carries shear loads in clamped joints and centres parts in their holes, as in \
                 structural steelwork, brackets and hinges. Zinc plating is for dry indoor use; outdoors choose A2 \
                 stainless or hot-dip galvanised."
            } else {
                "The everyday structural bolt for steel frames, racking, machine bases and brackets. Pair with DIN 934 \
                 nuts and DIN 125 washers of the same finish; zinc plating is for dry indoor use."
            };
            let mut unit = i64::from(d * d * l) * 25 + 10_000;
            if stainless {
                unit *= 3;
            }
            let packs: &'static [u32] = match d {
                ..=8 => &[100, 200, 500],
                10 => &[50, 100, 200],
                _ => &[1, 25, 50],
            };
            out.push(Item {
                kind: "bolt",
                brand: "Steelmark",
                name: format!("Hex Bolt DIN {din} M{d} × {l}, {finish}"),
                sku: format!("SM-HB{}-M{d}-{l}", if stainless { "A2" } else { "" }),
                label: format!("M{d} × {l}"),
                alt: format!("Hex bolt M{d} × {l}, {short}"),
                price: unit,
                sell: Sell::Packs(packs, "pcs", "Box"),
                text: format!(
                    "Hexagon head bolt to DIN {din} ({iso}), {thread}, in {grade}. Metric coarse thread M{d} × \
                     {pitch}, {l} mm long under the head, {flats} mm across flats.\n\n{use_}"
                ),
            });
        }
    }
    out
}

fn socket_cap_screws() -> Vec<Item> {
    #[rustfmt::skip]
    const SIZES: &[(u32, u32, u32)] =
        &[(4, 12, 3), (5, 16, 4), (6, 20, 5), (6, 30, 5), (8, 25, 6), (8, 40, 6), (10, 40, 8), (12, 50, 10)];
    SIZES
        .iter()
        .map(|&(d, l, key)| {
            let (pitch, _, _) = metric(d);
            Item {
                kind: "bolt",
                brand: "Steelmark",
                name: format!("Socket Head Cap Screw DIN 912 M{d} × {l}, Black Steel 12.9"),
                sku: format!("SM-SHCS-M{d}-{l}"),
                label: format!("M{d} × {l}"),
                alt: format!("Black socket head cap screw M{d} × {l}"),
                price: i64::from(d * d * l) * 30 + 15_000,
                sell: Sell::Packs(if d <= 6 { &[100, 500] } else { &[50, 200] }, "pcs", "Box"),
                text: format!(
                    "Cylinder head cap screw with hexagon socket to DIN 912 (ISO 4762), in high-tensile property \
                     class 12.9 alloy steel, thermally blackened and lightly oiled. Thread M{d} × {pitch}, {l} mm \
                     long, driven with a {key} mm hex key.\n\nMade for machine building, jigs and fixtures, and \
                     anywhere a compact head has to sit in a counterbore. The oiled finish is for indoor use; tighten \
                     with a torque tool, as 12.9 screws tolerate little over-tightening."
                ),
            }
        })
        .collect()
}

fn wood_screws() -> Vec<Item> {
    #[rustfmt::skip]
    const SIZES: &[(u32, u32)] = &[(35, 30), (40, 30), (40, 40), (40, 50), (50, 50), (50, 70), (60, 80), (60, 100)];
    let mut out: Vec<Item> = SIZES
        .iter()
        .map(|&(tenths, l)| {
            let d = format!("{}.{}", tenths / 10, tenths % 10);
            let drive = if tenths <= 50 { "PZ2" } else { "PZ3" };
            let thread = if l >= 50 { "partial thread" } else { "full thread" };
            Item {
                kind: "screw",
                brand: "Kontor Pro",
                name: format!("Chipboard Screw {d} × {l}, Pozidriv {drive}, Countersunk, Yellow Zinc"),
                sku: format!("KP-CS-{tenths}-{l}"),
                label: format!("{d} × {l}"),
                alt: format!("Countersunk chipboard screw {d} × {l} mm"),
                price: i64::from(tenths * tenths * l) / 4 + 3_000,
                sell: Sell::Packs(if l < 70 { &[200, 1000] } else { &[100, 500] }, "pcs", "Box"),
                text: format!(
                    "Countersunk chipboard screw, {d} mm diameter and {l} mm long with {thread}, Pozidriv {drive} \
                     drive and cutting ribs under the head for a clean, flush seat. Case-hardened steel with a yellow \
                     chromate zinc finish and a sharp point for a fast start.\n\nFor chipboard, MDF, softwood and \
                     fixing hinges, brackets and fittings; no pilot hole needed in softwood. Partially threaded \
                     lengths pull two boards tightly together. For dry interior use."
                ),
            }
        })
        .collect();
    out.extend(rows("screw", "Kontor Pro", DECKING_SCREWS));
    out
}

#[rustfmt::skip]
const DECKING_SCREWS: &[Row] = &[
    ("Decking Screw 5.0 × 50, Torx T25, Stainless Steel A2", "KP-DS-A2-50-50", "5.0 × 50",
     "Stainless decking screw 5.0 × 50 mm", 0.068, Sell::Packs(&[100, 500], "pcs", "Box"),
     "Decking screw in stainless steel A2 with a small raised countersunk head, Torx T25 drive, a milled shank and \
      a drill point, 5.0 × 50 mm.\n\nFixes softwood and hardwood deck boards to the joists without splitting or \
      staining the timber. For oak and tropical hardwoods, pre-drill 3.5 mm."),
];

fn hex_nuts() -> Vec<Item> {
    let mut out = Vec::new();
    for (stainless, sizes) in [(false, &[6, 8, 10, 12, 16][..]), (true, &[8, 10][..])] {
        for &d in sizes {
            let (pitch, flats, height) = metric(d);
            let (finish, grade, use_) = if stainless {
                (
                    "Stainless Steel A2-70",
                    "stainless steel A2-70",
                    "For stainless bolts and threaded rod outdoors and in wet rooms. A little anti-seize paste stops \
                     stainless threads from galling while you tighten.",
                )
            } else {
                (
                    "Zinc-Plated Steel Class 8",
                    "class 8 steel with bright zinc plating",
                    "Matches 8.8 bolts and threaded rod in general steelwork and assembly. Where vibration could \
                     loosen the joint, use a DIN 985 lock nut instead.",
                )
            };
            let unit = (i64::from(d * d) * 150 + 4_000) * if stainless { 3 } else { 1 };
            out.push(Item {
                kind: "nut",
                brand: "Steelmark",
                name: format!("Hex Nut DIN 934 M{d}, {finish}"),
                sku: format!("SM-HN{}-M{d}", if stainless { "A2" } else { "" }),
                label: format!("M{d}"),
                alt: format!("Hex nut M{d}, {}", if stainless { "stainless steel" } else { "zinc-plated" }),
                price: unit,
                sell: Sell::Packs(if d <= 10 { &[100, 500, 1000] } else { &[50, 250] }, "pcs", "Box"),
                text: format!(
                    "Regular hexagon nut to DIN 934 (ISO 4032), thread M{d} × {pitch}, {flats} mm across flats and \
                     {height} mm high, in {grade}.\n\n{use_}"
                ),
            });
        }
    }
    out
}

fn lock_nuts() -> Vec<Item> {
    [6, 8, 10, 12, 16]
        .into_iter()
        .map(|d: u32| {
            let (pitch, flats, _) = metric(d);
            Item {
                kind: "nut",
                brand: "Steelmark",
                name: format!("Nylon Insert Lock Nut DIN 985 M{d}, Zinc-Plated Steel"),
                sku: format!("SM-LN-M{d}"),
                label: format!("M{d}"),
                alt: format!("Nylon insert lock nut M{d}"),
                price: i64::from(d * d) * 250 + 6_000,
                sell: Sell::Packs(if d <= 10 { &[100, 500] } else { &[50, 200] }, "pcs", "Box"),
                text: format!(
                    "Prevailing-torque hexagon nut to DIN 985 (ISO 10511), thread M{d} × {pitch}, {flats} mm across \
                     flats, with a polyamide ring that grips the bolt thread so the nut cannot work loose. Class 8 \
                     steel, bright zinc-plated, for −40 to +120 °C.\n\nThe standard choice for trailers, conveyors, \
                     machine guards and anything else that shakes. Leave two thread pitches protruding, and replace \
                     the nut after repeated removal, as the insert loses grip."
                ),
            }
        })
        .collect()
}

fn washers() -> Vec<Item> {
    const SIZES: &[(bool, u32, &str, u32, &str, f64)] = &[
        (false, 6, "6.4", 12, "1.6", 0.0022),
        (false, 8, "8.4", 16, "1.6", 0.0035),
        (false, 10, "10.5", 20, "2", 0.0055),
        (false, 12, "13", 24, "2.5", 0.0085),
        (false, 16, "17", 30, "3", 0.016),
        (true, 8, "8.4", 24, "2", 0.0068),
        (true, 10, "10.5", 30, "2.5", 0.0115),
    ];
    SIZES
        .iter()
        .map(|&(large, d, bore, outer, thick, price)| {
            let (name, alt, din, iso, sku) = if large {
                ("Large Flat Washer", "Large flat washer", "9021", "ISO 7093", "SM-FWL")
            } else {
                ("Flat Washer", "Flat washer", "125-A", "ISO 7089", "SM-FW")
            };
            let use_ = if large {
                "The wide bearing face spreads the load on timber, plastics and thin sheet, and bridges oversized or \
                 slotted holes in brackets and profiles."
            } else {
                "Spreads the clamping load under a bolt head or nut and protects painted or soft surfaces from the \
                 turning part. Fit one under whichever side you tighten."
            };
            Item {
                kind: "washer",
                brand: "Steelmark",
                name: format!("{name} DIN {din} M{d} ({bore} × {outer} × {thick} mm), Zinc-Plated"),
                sku: format!("{sku}-M{d}"),
                label: format!("M{d} DIN {}", &din[..din.find('-').unwrap_or(din.len())]),
                alt: format!("{alt} for M{d}, {outer} mm outside diameter"),
                price: eur(price),
                sell: Sell::Packs(if d <= 10 && !large { &[100, 500, 1000] } else { &[100, 500] }, "pcs", "Box"),
                text: format!(
                    "Plain washer to DIN {din} ({iso}) for M{d} bolts: {bore} mm bore, {outer} mm outside diameter, \
                     {thick} mm thick, in bright zinc-plated steel.\n\n{use_}"
                ),
            }
        })
        .collect()
}

fn anchors() -> Vec<Item> {
    let mut out = rows("anchor", "Kontor Pro", PLUGS);
    out.extend(rows("anchor", "Steelmark", STEEL_ANCHORS));
    out
}

#[rustfmt::skip]
const PLUGS: &[Row] = &[
    ("Nylon Expansion Plug 6 × 30 mm", "KP-NP-6-30", "6 × 30", "Nylon wall plug 6 × 30 mm", 0.011,
     Sell::Packs(&[100, 500], "pcs", "Box"),
     "Four-way expanding plug in polyamide 6 for 6 mm drill holes, 30 mm long, with anti-rotation wings and a \
      collar that stops it slipping into the hole. Takes wood and chipboard screws of 4–5 mm.\n\nFor light \
      fixings in concrete, solid brick and stone: switches, cable clips, picture rails and small cabinets. In \
      hollow brick or plasterboard use a frame fixing or cavity anchor."),
    ("Nylon Expansion Plug 8 × 40 mm", "KP-NP-8-40", "8 × 40", "Nylon wall plug 8 × 40 mm", 0.016,
     Sell::Packs(&[100, 500], "pcs", "Box"),
     "Four-way expanding polyamide plug for 8 mm drill holes, 40 mm long, for wood and chipboard screws of \
      4.5–6 mm.\n\nThe all-rounder for shelves, curtain rails, light fittings and towel rails in concrete and \
      solid masonry. Drill 10 mm deeper than the plug so dust has somewhere to go."),
    ("Nylon Expansion Plug 10 × 50 mm", "KP-NP-10-50", "10 × 50", "Nylon wall plug 10 × 50 mm", 0.029,
     Sell::Packs(&[50, 250], "pcs", "Box"),
     "Four-way expanding polyamide plug for 10 mm drill holes, 50 mm long, for screws of 6–8 mm.\n\nFor wall \
      cupboards, handrails, heavy brackets and sanitary fittings in concrete, solid brick and sand-lime block."),
    ("Frame Fixing 10 × 100 mm with Countersunk Screw", "KP-FF-10-100", "10 × 100",
     "Nylon frame fixing 10 × 100 mm with screw", 0.34, Sell::Packs(&[50, 100], "pcs", "Box"),
     "Long nylon frame plug with a pre-assembled zinc-plated countersunk screw (7 × 105 mm, Torx T30) for \
      10 mm holes; fixes straight through the part, up to 30 mm thick.\n\nMade for window and door frames, \
      battens and timber substructures in concrete and in solid or perforated brick, where its long expansion \
      zone bridges the voids that make short plugs spin."),
];

#[rustfmt::skip]
const STEEL_ANCHORS: &[Row] = &[
    ("Wedge Anchor M8 × 75, Zinc-Plated Steel", "SM-WA-M8-75", "M8 × 75", "Wedge anchor M8 × 75 mm", 0.24,
     Sell::Packs(&[50, 100], "pcs", "Box"),
     "Through-bolt anchor with expansion clip, hex nut and washer for 8 mm holes in concrete, maximum fixture \
      thickness 10 mm, bright zinc-plated steel.\n\nTightening the nut pulls the cone into the clip and wedges \
      it against the hole wall. For racking feet, machine bases, brackets and handrails in non-cracked \
      concrete; blow the hole clean before setting."),
    ("Wedge Anchor M10 × 90, Zinc-Plated Steel", "SM-WA-M10-90", "M10 × 90", "Wedge anchor M10 × 90 mm", 0.38,
     Sell::Packs(&[50, 100], "pcs", "Box"),
     "Through-bolt anchor with expansion clip, hex nut and washer for 10 mm holes in concrete, maximum fixture \
      thickness 15 mm, bright zinc-plated steel.\n\nFor pallet racking, steel columns, gates and heavy brackets. \
      Set through the fixture, tighten to 35 N·m and keep 100 mm from concrete edges."),
    ("Wedge Anchor M12 × 110, Zinc-Plated Steel", "SM-WA-M12-110", "M12 × 110", "Wedge anchor M12 × 110 mm",
     0.6375, Sell::Packs(&[1, 25, 50], "pcs", "Box"),
     "Through-bolt anchor with expansion clip, hex nut and washer for 12 mm holes in concrete, maximum fixture \
      thickness 20 mm, bright zinc-plated steel.\n\nFor the heavy end: steel structures, machinery, crash \
      barriers and cantilever racking. Tighten to 60 N·m; sold singly for repairs and by the box for projects."),
    ("Sleeve Anchor 10 × 60 mm with Hex Bolt M6", "SM-SA-10-60", "10 × 60", "Steel sleeve anchor 10 × 60 mm",
     0.27, Sell::Packs(&[50, 100], "pcs", "Box"),
     "Steel sleeve anchor with a pre-assembled M6 hex-head bolt and washer for 10 mm holes; the slotted sleeve \
      expands along its whole length, zinc-plated.\n\nHolds in concrete, solid brick and natural stone, and is \
      more forgiving than a wedge anchor in softer masonry. For gates, signs, brackets and cable trays."),
];

fn blind_rivets() -> Vec<Item> {
    const SIZES: &[(bool, u32, u32, &str, f64)] = &[
        (false, 32, 8, "3.5–5.0", 0.0085),
        (false, 40, 10, "4.5–6.0", 0.012),
        (false, 40, 12, "6.0–8.0", 0.014),
        (false, 48, 12, "5.0–7.0", 0.019),
        (false, 48, 16, "8.5–11.0", 0.023),
        (false, 48, 20, "12.0–14.5", 0.028),
        (true, 40, 12, "6.0–8.0", 0.045),
    ];
    SIZES
        .iter()
        .map(|&(stainless, tenths, l, grip, price)| {
            let d = format!("{}.{}", tenths / 10, tenths % 10);
            let drill = format!("{}.{}", tenths / 10, tenths % 10 + 1);
            let (finish, sku, body, use_) = if stainless {
                (
                    "Stainless Steel A2",
                    "SM-BRA2",
                    "stainless steel A2 body and mandrel",
                    "No rust streaks on stainless sheet and outdoor cladding, and higher shear strength than \
                     aluminium; set with a riveter rated for stainless.",
                )
            } else {
                (
                    "Aluminium/Steel",
                    "SM-BR",
                    "aluminium body (AlMg 3.5) on a zinc-plated steel mandrel",
                    "Joins sheet metal, profiles and plastics from one side with a hand or battery riveter: ducts, \
                     enclosures, signs and trailer panels. Choose the length by the total thickness of the parts.",
                )
            };
            Item {
                kind: "rivet",
                brand: "Steelmark",
                name: format!("Blind Rivet {d} × {l} mm, {finish}, Dome Head"),
                sku: format!("{sku}-{tenths}-{l}"),
                label: format!("{d} × {l}"),
                alt: format!("Dome-head blind rivet {d} × {l} mm"),
                price: eur(price),
                sell: Sell::Packs(if l >= 20 { &[250, 500] } else { &[500, 1000] }, "pcs", "Box"),
                text: format!(
                    "Open-end blind rivet with dome head, {d} mm body diameter and {l} mm long, for a grip range of \
                     {grip} mm; {body}. Drill a {drill} mm hole.\n\n{use_}"
                ),
            }
        })
        .collect()
}

//! Hand tools: spanners, screwdrivers, pliers and cutters, hammers and measuring tools.

use super::build::{Item, Row, Sell, cat, eur, leaf, rows};
use crate::seed::SeedCategory;

const TOOL_HUE: u16 = 12;

pub(super) fn hand_tools() -> SeedCategory {
    let h = TOOL_HUE;
    cat(
        "hand-tools",
        "Hand Tools",
        "Professional hand tools in chrome-vanadium steel for maintenance, installation and the workshop. Every \
         tool carries a lifetime guarantee against breakage in normal use.",
        vec![
            leaf(
                "spanners-wrenches",
                "Spanners & Wrenches",
                "Combination spanners from 8 to 22 mm, adjustable wrenches, sets and hex keys.",
                h,
                spanners(),
            ),
            leaf(
                "screwdrivers",
                "Screwdrivers",
                "Slotted, Phillips, Pozidriv and Torx screwdrivers with two-component handles, and insulated VDE sets \
                 for electricians.",
                h,
                screwdrivers(),
            ),
            leaf(
                "pliers-cutters",
                "Pliers & Cutters",
                "Gripping, bending and cutting: pliers, cutters and snap-off knives for the trades.",
                h,
                rows("pliers", "Ferrox", PLIERS)
                    .into_iter()
                    .chain(rows("knife", "Ferrox", KNIVES))
                    .collect(),
            ),
            cat(
                "striking-measuring",
                "Striking & Measuring",
                "Hammers for every material, and the tape measures and levels to put the nail in the right place.",
                vec![
                    leaf(
                        "hammers",
                        "Hammers & Mallets",
                        "Claw, engineer's and club hammers, and rubber mallets for work that must not leave marks.",
                        h,
                        rows("hammer", "Ferrox", HAMMERS),
                    ),
                    leaf(
                        "tape-measures-levels",
                        "Tape Measures & Levels",
                        "EC class II tape measures from 3 to 10 m and aluminium spirit levels.",
                        h,
                        measuring(),
                    ),
                ],
                Vec::new(),
            ),
        ],
        Vec::new(),
    )
}

fn spanners() -> Vec<Item> {
    #[rustfmt::skip]
    const SIZES: &[(u32, u32, f64)] = &[
        (8, 130, 3.90), (10, 145, 4.40), (11, 155, 4.70), (13, 170, 5.40), (14, 180, 5.90), (17, 210, 7.20),
        (19, 230, 8.50), (22, 260, 11.20),
    ];
    let mut out: Vec<Item> = SIZES
        .iter()
        .map(|&(size, length, price)| {
            let fit = match size {
                10 => "The size for M6 bolts and nuts. ",
                13 => "The size for M8 bolts and nuts. ",
                17 => "The size for M10 bolts and nuts to DIN. ",
                19 => "The size for M12 bolts and nuts to DIN. ",
                _ => "",
            };
            Item {
                kind: "wrench",
                brand: "Ferrox",
                name: format!("Combination Spanner {size} mm, Chrome Vanadium"),
                sku: format!("FX-CS-{size}"),
                label: format!("{size} mm"),
                alt: format!("Combination spanner {size} mm"),
                price: eur(price),
                sell: Sell::Each,
                text: format!(
                    "Combination spanner to DIN 3113 with a 15° open end and a 12-point ring end, {size} mm across \
                     flats and {length} mm long. Drop-forged chrome-vanadium steel, satin chrome finish.\n\n{fit}The \
                     ring end breaks tight nuts loose without rounding their corners; the open end spins them off \
                     quickly."
                ),
            }
        })
        .collect();
    out.extend(rows("wrench", "Ferrox", SPANNER_EXTRAS));
    out
}

#[rustfmt::skip]
const SPANNER_EXTRAS: &[Row] = &[
    ("Adjustable Wrench 200 mm, Chrome Vanadium, 24 mm Opening", "FX-AW-200", "200 mm", "Adjustable wrench 200 mm",
     14.90, Sell::Each,
     "Adjustable wrench to DIN 3117 with a 15° head, millimetre scale on the jaw and a smooth-running worm, \
      opening up to 24 mm. Chrome-vanadium steel, chrome-plated.\n\nOne tool for the odd sizes: service vans, \
      plumbing and maintenance rounds. Pull towards the fixed jaw to keep the grip."),
    ("Adjustable Wrench 250 mm, Chrome Vanadium, 30 mm Opening", "FX-AW-250", "250 mm", "Adjustable wrench 250 mm",
     18.50, Sell::Each,
     "Adjustable wrench to DIN 3117, 250 mm long with a 15° head and a millimetre scale, opening up to 30 mm. \
      Chrome-vanadium steel, chrome-plated.\n\nThe longer handle gives the leverage for M16–M20 nuts, pipe \
      unions and fittings in plumbing and agricultural work."),
    ("Combination Spanner Set 8–19 mm, 12 Pieces, in Roll Pouch", "FX-CSS-12", "8–19 mm",
     "Set of twelve combination spanners in a roll pouch", 49.00, Sell::Each,
     "Twelve combination spanners — 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18 and 19 mm — in chrome-vanadium \
      steel to DIN 3113, rolled up in a heavy polyester pouch.\n\nCovers the metric sizes of everyday \
      maintenance from M5 to M12. The pouch keeps every size visible and rolls small for the service van."),
    ("Hex Key Set 1.5–10 mm, 9 Pieces, Long Arm with Ball End", "FX-HKS-9", "1.5–10 mm",
     "Set of nine long-arm hex keys in a holder", 12.90, Sell::Each,
     "Nine long-arm hex keys — 1.5, 2, 2.5, 3, 4, 5, 6, 8 and 10 mm — in chrome-vanadium steel with a ball end \
      on the long arm, in a colour-coded holder.\n\nThe ball end reaches screws at up to 25° off axis; the short \
      arm gives full torque. Fits DIN 912 cap screws from M2 to M12."),
];

fn screwdrivers() -> Vec<Item> {
    #[rustfmt::skip]
    const TIPS: &[(&str, &str, u32, f64)] = &[
        ("SL", "4.0", 100, 3.40),
        ("SL", "5.5", 125, 3.90),
        ("SL", "6.5", 150, 4.60),
        ("PH", "1", 80, 3.60),
        ("PH", "2", 100, 4.10),
        ("PZ", "1", 80, 3.60),
        ("PZ", "2", 100, 4.10),
        ("TX", "25", 100, 4.30),
    ];
    let mut out: Vec<Item> = TIPS
        .iter()
        .map(|&(code, size, length, price)| {
            let (name, tip, use_) = match code {
                "SL" => (
                    format!("Slotted Screwdriver {size} × {length} mm, Two-Component Handle"),
                    format!("slotted {size} mm"),
                    "For slotted screws in terminal blocks, fittings and older joinery hardware. Match the blade \
                     width to the slot so the tip does not chew the head.",
                ),
                "PH" => (
                    format!("Phillips Screwdriver PH{size} × {length} mm, Two-Component Handle"),
                    format!("Phillips PH{size}"),
                    "For Phillips cross-recess screws in switches, appliances and furniture fittings. Keep it away \
                     from Pozidriv screws: the tips look alike, but a Phillips tip cams out and damages the recess.",
                ),
                "PZ" => (
                    format!("Pozidriv Screwdriver PZ{size} × {length} mm, Two-Component Handle"),
                    format!("Pozidriv PZ{size}"),
                    "For Pozidriv screws, the standard drive of European wood and chipboard screws: PZ1 up to 3 mm, \
                     PZ2 for 3.5–5 mm, PZ3 from 6 mm.",
                ),
                _ => (
                    format!("Torx Screwdriver T{size} × {length} mm, Two-Component Handle"),
                    format!("Torx T{size}"),
                    "For Torx screws in decking, facades, machinery and cars; the six-lobe drive transfers high \
                     torque without cam-out.",
                ),
            };
            Item {
                kind: "screwdriver",
                brand: "Ferrox",
                name,
                sku: format!("FX-SD-{code}{}-{length}", size.replace('.', "")),
                label: format!("{code} {size}"),
                alt: format!("Screwdriver with {tip} tip"),
                price: eur(price),
                sell: Sell::Each,
                text: format!(
                    "Screwdriver with a {tip} tip and a {length} mm blade of hardened chrome-vanadium-molybdenum \
                     steel; the blackened tip fits snugly and resists wear. Two-component handle: hard core for \
                     torque, soft zones for grip.\n\n{use_}"
                ),
            }
        })
        .collect();
    out.extend(rows("screwdriver", "Ferrox", VDE_SETS));
    out
}

#[rustfmt::skip]
const VDE_SETS: &[Row] = &[
    ("VDE Insulated Screwdriver Set 1000 V, 6 Pieces", "FX-SDS-VDE6", "VDE 1000 V",
     "Set of six insulated VDE screwdrivers", 24.90, Sell::Each,
     "Six insulated screwdrivers — slotted 2.5, 4.0 and 5.5 mm, Phillips PH1 and Pozidriv PZ1 and PZ2 — each \
     tested at 10 000 V to IEC 60900 for live work up to 1000 V AC.\n\nThe slim insulation reaches recessed \
     terminals in distribution boards and sockets. Check the insulation before each use and retire any tool \
     with cuts or cracks."),
];

#[rustfmt::skip]
const PLIERS: &[Row] = &[
    ("Combination Pliers 180 mm, Chrome Vanadium", "FX-PL-CB-180", "180 mm", "Combination pliers 180 mm", 12.40,
     Sell::Each,
     "Combination pliers to DIN ISO 5746 with flat and pipe gripping zones and induction-hardened cutting edges for \
      soft and medium-hard wire. Chrome-vanadium steel, two-component handles.\n\nThe one pair of pliers every \
      toolbox needs: gripping, bending, twisting and cutting wire up to 2.5 mm."),
    ("Long Nose Pliers 200 mm, Straight, Chrome Vanadium", "FX-PL-LN-200", "200 mm", "Long nose pliers 200 mm",
     11.90, Sell::Each,
     "Long, half-round serrated jaws with a cutting edge at the base, to DIN ISO 5745, in chrome-vanadium steel \
      with two-component handles.\n\nReaches into enclosures and junction boxes to place, bend and retrieve small \
      parts and wire ends."),
    ("Diagonal Cutters 160 mm, Induction-Hardened Edges", "FX-PL-DC-160", "160 mm", "Diagonal cutters 160 mm", 11.20,
     Sell::Each,
     "Diagonal side cutters to DIN ISO 5749 with induction-hardened edges (approx. 62 HRC) and a high-leverage \
      joint, chrome-vanadium steel.\n\nCuts soft wire up to 4 mm, medium-hard wire up to 2.5 mm and cable ties \
      flush."),
    ("Water Pump Pliers 250 mm, Push-Button Adjustment", "FX-PL-WP-250", "250 mm", "Water pump pliers 250 mm",
     16.80, Sell::Each,
     "Water pump pliers with push-button adjustment in 25 positions, hardened teeth and an anti-pinch guard; grips \
      pipes up to 46 mm and nuts up to 36 mm.\n\nThe plumber's classic for pipes, fittings, siphons and hose \
      couplings; the teeth bite in the direction of pull."),
    ("Cable Cutter 210 mm for Copper and Aluminium up to 50 mm²", "FX-PL-CC-210", "50 mm²", "Cable cutter 210 mm",
     19.60, Sell::Each,
     "Shear-type cable cutter with precision-ground blades that cut round without squashing, for copper and \
      aluminium cable up to 50 mm² and 15 mm diameter.\n\nFor electricians and installers; not for steel wire or \
      armoured cable, which notches the blades."),
];

#[rustfmt::skip]
const KNIVES: &[Row] = &[
    ("Snap-Off Utility Knife 18 mm with Auto-Lock Slider", "FX-UK-18", "18 mm", "Snap-off utility knife 18 mm", 4.90,
     Sell::Each,
     "Snap-off knife with an 18 mm blade, an auto-lock slider that holds the blade at any length, a metal blade \
      channel and a rubberised grip.\n\nFor opening cartons, cutting stretch film, carpet, insulation and \
      plasterboard. Snap off the dull segment with the end cap, never with pliers in your hand."),
    ("Snap-Off Replacement Blades 18 mm", "FX-UKB-18", "18 mm blades", "Snap-off replacement blades 18 mm", 0.28,
     Sell::Packs(&[10, 100], "blades", "Pack"),
     "Replacement snap-off blades, 18 mm wide with eight segments, in hardened carbon tool steel, for all standard \
      18 mm knives.\n\nPacked in a dispenser with a slot for used segments, so sharp pieces do not end up loose in \
      the bin."),
];

#[rustfmt::skip]
const HAMMERS: &[Row] = &[
    ("Claw Hammer 450 g, Fibreglass Handle", "FX-HM-CL-450", "450 g", "Claw hammer 450 g", 13.90, Sell::Each,
     "Drop-forged claw hammer with a 450 g head, polished striking face and curved claw, on a fibreglass handle \
      with a non-slip rubber grip.\n\nThe joiner's general-purpose hammer for nails up to 90 mm; the claw pulls \
      nails out with leverage to spare."),
    ("Claw Hammer 560 g, Steel Shaft with Rubber Grip", "FX-HM-CL-560", "560 g", "Claw hammer 560 g", 19.50,
     Sell::Each,
     "One-piece forged steel claw hammer with a 560 g head and a shock-absorbing rubber grip; head and shaft cannot \
      separate.\n\nFor framing, formwork and demolition, where the claw doubles as a lever."),
    ("Engineer's Hammer 1000 g, Ash Handle, DIN 1041", "FX-HM-EN-1000", "1000 g", "Engineer's hammer 1000 g",
     14.60, Sell::Each,
     "Engineer's hammer to DIN 1041 with a 1000 g forged head, hardened faces and a wedged ash handle.\n\nFor \
      metalwork, driving punches and chisels and straightening parts on the anvil."),
    ("Club Hammer 1250 g, Ash Handle, DIN 6475", "FX-HM-CLUB-1250", "1250 g", "Club hammer 1250 g", 13.20,
     Sell::Each,
     "Club hammer to DIN 6475 with a 1250 g double-faced head on a short ash handle.\n\nFor driving bolster \
      chisels and masonry chisels, light demolition and setting paving stones."),
    ("Rubber Mallet 680 g, Black, Fibreglass Handle", "FX-HM-RM-680", "680 g", "Black rubber mallet 680 g", 9.80,
     Sell::Each,
     "Solid rubber mallet with a 680 g head on a fibreglass handle with a soft grip.\n\nFor assembling furniture, \
      laying paving and tiles, and knocking parts into place without marking them; use a white mallet on light \
      surfaces to avoid black streaks."),
];

fn measuring() -> Vec<Item> {
    #[rustfmt::skip]
    const TAPES: &[(u32, u32, &str, f64)] =
        &[(3, 16, "1.8", 4.20), (5, 19, "2.4", 6.40), (8, 25, "3.3", 10.90), (10, 25, "3.3", 13.80)];
    let mut out: Vec<Item> = TAPES
        .iter()
        .map(|&(length, width, standout, price)| Item {
            kind: "tape-measure",
            brand: "Ferrox",
            name: format!("Tape Measure {length} m × {width} mm, EC Class II"),
            sku: format!("FX-TM-{length}-{width}"),
            label: format!("{length} m"),
            alt: format!("Tape measure {length} m"),
            price: eur(price),
            sell: Sell::Each,
            text: format!(
                "Pocket tape measure with a {width} mm nylon-coated steel blade, {length} m long, graduated in \
                 millimetres and accurate to EC class II. Impact-resistant case with rubber overmould, belt clip and \
                 thumb lock.\n\nThe sliding end hook compensates for its own thickness, so inside and outside \
                 measurements are both true; the blade stays rigid for about {standout} m when extended."
            ),
        })
        .collect();
    out.extend(rows("level", "Ferrox", LEVELS));
    out
}

#[rustfmt::skip]
const LEVELS: &[Row] = &[
    ("Spirit Level 600 mm, Aluminium Box Profile, 2 Vials", "FX-SL-600", "600 mm", "Spirit level 600 mm", 17.90,
     Sell::Each,
     "Spirit level with a rigid aluminium box profile, 600 mm long, one horizontal and one vertical vial set in \
      acrylic, accurate to 0.5 mm/m.\n\nFor installing shelves, cabinets, door frames and fittings; the milled \
      base stays true after drops."),
    ("Spirit Level 1000 mm, Aluminium Box Profile, 3 Vials", "FX-SL-1000", "1000 mm", "Spirit level 1000 mm",
     26.50, Sell::Each,
     "Spirit level with a rigid aluminium box profile, 1000 mm long, horizontal, vertical and 45° vials, \
      accurate to 0.5 mm/m, with rubber end caps.\n\nThe length for masonry, window frames, stud walls and \
      worktops."),
];

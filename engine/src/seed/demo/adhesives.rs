//! Adhesives & sealants: sealants, construction adhesives, threadlockers and PU foam.

use super::build::{Row, Sell, cat, leaf, rows};
use crate::seed::SeedCategory;

const ADHESIVE_HUE: u16 = 268;

pub(super) fn adhesives() -> SeedCategory {
    let h = ADHESIVE_HUE;
    cat(
        "adhesives-sealants",
        "Adhesives & Sealants",
        "Sealants, construction adhesives, threadlockers and expanding foam for installers and maintenance teams. \
         Cartridges fit standard 310 ml guns.",
        vec![
            leaf(
                "sealants",
                "Silicone & Acrylic Sealants",
                "Sanitary, neutral-cure, high-temperature and paintable sealants in 310 ml cartridges.",
                h,
                rows("sealant", "Klebwerk", SEALANTS),
            ),
            leaf(
                "construction-adhesives",
                "Construction Adhesives",
                "Adhesives that replace screws and nails on wood, stone, metal and plastics.",
                h,
                rows("sealant", "Klebwerk", &CONSTRUCTION[..2])
                    .into_iter()
                    .chain(rows("bottle", "Klebwerk", &CONSTRUCTION[2..3]))
                    .chain(rows("can", "Klebwerk", &CONSTRUCTION[3..]))
                    .collect(),
            ),
            leaf(
                "threadlockers",
                "Threadlockers & Retainers",
                "Anaerobic adhesives that lock threads against vibration and fix bearings and bushes.",
                h,
                rows("bottle", "Klebwerk", THREADLOCKERS),
            ),
            leaf(
                "pu-foam",
                "PU Foam",
                "Expanding polyurethane foam for filling, insulating and mounting window and door frames.",
                h,
                rows("can", "Klebwerk", FOAMS),
            ),
        ],
        Vec::new(),
    )
}

#[rustfmt::skip]
const SEALANTS: &[Row] = &[
    ("Sanitary Silicone 310 ml, White, Anti-Mould", "KW-SI-SAN-WH", "310 ml", "White sanitary silicone cartridge",
     3.90, Sell::Packs(&[1, 12], "cartridges", "Box"),
     "Acetoxy-cure silicone with fungicide, 310 ml, white; permanently elastic with 25 % movement capability.\n\n\
      For joints around baths, showers, basins and kitchen worktops. Not for natural stone or mirrors, as the acetic \
      cure can stain them."),
    ("Sanitary Silicone 310 ml, Transparent, Anti-Mould", "KW-SI-SAN-TR", "310 ml",
     "Transparent sanitary silicone cartridge", 3.90, Sell::Packs(&[1, 12], "cartridges", "Box"),
     "Acetoxy-cure silicone with fungicide, 310 ml, transparent; permanently elastic.\n\nFor glass shower screens, \
      aquariums and joints where the sealant should disappear. Tooling time about 10 minutes."),
    ("Neutral-Cure Silicone 310 ml, Grey, for Windows and Facades", "KW-SI-NEU-GR", "310 ml",
     "Grey neutral-cure silicone cartridge", 5.20, Sell::Packs(&[1, 12], "cartridges", "Box"),
     "Low-odour neutral (oxime) cure silicone, 310 ml, grey, that does not corrode metals or stain stone.\n\nFor \
      window and door frames, facade joints, metal and PVC, outdoors and in."),
    ("High-Temperature Silicone 310 ml, Red, up to 260 °C", "KW-SI-HT-RD", "260 °C",
     "Red high-temperature silicone cartridge", 8.40, Sell::Packs(&[1, 12], "cartridges", "Box"),
     "Red acetoxy silicone resistant to 260 °C continuous and 300 °C for short periods, 310 ml.\n\nFor flue pipes, \
      oven doors, heating equipment and engine gaskets."),
    ("Acrylic Sealant 310 ml, White, Paintable", "KW-AC-WH", "Acrylic", "White acrylic sealant cartridge", 1.95,
     Sell::Packs(&[1, 12], "cartridges", "Box"),
     "Water-based acrylic sealant, 310 ml, white, paintable after about an hour and plastic-elastic.\n\nFills \
      cracks and joints between walls, ceilings, skirting boards and door frames before painting. Indoor use, not \
      for joints that stay wet."),
];

#[rustfmt::skip]
const CONSTRUCTION: &[Row] = &[
    ("MS Polymer Adhesive and Sealant 290 ml, White", "KW-MS-290-WH", "MS polymer", "White MS polymer cartridge",
     7.40, Sell::Packs(&[1, 12], "cartridges", "Box"),
     "Silyl-modified polymer that both bonds and seals, 290 ml, white; solvent-free, isocyanate-free, paintable \
      and elastic.\n\nBonds and seals metal, wood, stone, glass and most plastics, even on damp surfaces; for \
      vehicle bodies, ventilation ducts and facade panels."),
    ("Solvent-Free Construction Adhesive 310 ml, Beige", "KW-CA-310", "310 ml", "Beige construction adhesive cartridge",
     4.60, Sell::Packs(&[1, 12], "cartridges", "Box"),
     "High-grab construction adhesive, 310 ml, beige, solvent-free and low-emission (EC1 Plus).\n\nFixes skirting, \
      panels, window sills and mirrors without drilling; holds light parts immediately."),
    ("PU Wood Glue D4 750 g, Water-Resistant", "KW-PU-D4-750", "D4 750 g", "Bottle of polyurethane wood glue",
     12.80, Sell::Packs(&[1, 6], "bottles", "Box"),
     "One-component polyurethane wood glue, 750 g, stress class D4 to EN 204; foams slightly to fill gaps.\n\nFor \
      outdoor joinery, garden furniture, windows and doors, and hardwoods. Moisten dry timber before gluing."),
    ("Contact Adhesive 650 ml, Solvent-Based, Tin", "KW-CT-650", "650 ml", "Tin of contact adhesive", 11.40,
     Sell::Packs(&[1, 6], "tins", "Box"),
     "Polychloroprene contact adhesive, 650 ml tin, heat-resistant to 110 °C.\n\nBonds laminates, rubber, leather, \
      cork and edge banding. Coat both surfaces, let dry to the touch, then press once firmly. Use with \
      ventilation."),
];

#[rustfmt::skip]
const THREADLOCKERS: &[Row] = &[
    ("Threadlocker Medium Strength 50 ml, Blue", "KW-TL-MS-50", "Medium", "Bottle of blue threadlocker", 9.80,
     Sell::Packs(&[1, 10], "bottles", "Box"),
     "Anaerobic threadlocker, medium strength, blue, 50 ml, for threads up to M36; cures in the absence of air \
      between metal parts.\n\nSecures bolts and nuts against vibration that must come apart again with hand tools, \
      such as on pumps, gearboxes and machine guards."),
    ("Threadlocker High Strength 50 ml, Red", "KW-TL-HS-50", "High", "Bottle of red threadlocker", 10.90,
     Sell::Packs(&[1, 10], "bottles", "Box"),
     "Anaerobic threadlocker, high strength, red, 50 ml, for threads up to M36.\n\nFor permanent assemblies such \
      as studs and motor mounts; dismantling requires heating the joint to about 250 °C."),
    ("Threadlocker Low Strength 50 ml, Purple", "KW-TL-LS-50", "Low", "Bottle of purple threadlocker", 9.80,
     Sell::Packs(&[1, 10], "bottles", "Box"),
     "Anaerobic threadlocker, low strength, purple, 50 ml, for small screws up to M6.\n\nFor adjusting and set \
      screws, instruments and screws in soft metals that must stay easy to remove."),
    ("Retaining Compound High Strength 50 ml, Green", "KW-RC-HS-50", "Retainer", "Bottle of green retaining compound",
     13.60, Sell::Packs(&[1, 10], "bottles", "Box"),
     "Anaerobic retaining compound, high strength, green, 50 ml, for cylindrical fits with up to 0.15 mm \
      gap.\n\nFixes bearings, bushes and gears on shafts and in housings, and rescues worn seats."),
];

#[rustfmt::skip]
const FOAMS: &[Row] = &[
    ("PU Gun Foam 750 ml, Low Expansion", "KW-PF-GUN-750", "750 ml", "Can of gun-grade PU foam", 6.90,
     Sell::Packs(&[1, 12], "cans", "Box"),
     "One-component polyurethane foam for foam guns, 750 ml, yielding up to 45 litres, with low post-expansion; \
      fire class B3.\n\nFor mounting and insulating window and door frames and filling cavities; the gun doses \
      precisely and keeps the can usable for weeks."),
    ("PU Hand-Held Foam 500 ml with Straw Applicator", "KW-PF-HND-500", "500 ml", "Can of hand-held PU foam", 4.60,
     Sell::Packs(&[1, 12], "cans", "Box"),
     "One-component polyurethane foam with straw applicator, 500 ml, yielding about 25 litres.\n\nFor occasional \
      jobs: sealing pipe penetrations, gaps and cavities. Use the can up once opened."),
    ("Fire-Rated PU Gun Foam 750 ml, Pink", "KW-PF-FR-750", "Fire rated", "Can of pink fire-rated PU foam", 13.90,
     Sell::Packs(&[1, 12], "cans", "Box"),
     "Fire-rated one-component PU gun foam, 750 ml, pink, classified B1 to DIN 4102-1 and tested for fire \
      resistance in linear joints.\n\nFor joints in fire compartment walls and around fire doors, as specified by \
      the fire protection plan."),
    ("PU Foam Cleaner 500 ml, Acetone-Based", "KW-PF-CLN-500", "Cleaner", "Can of PU foam cleaner", 3.80,
     Sell::Packs(&[1, 12], "cans", "Box"),
     "Acetone-based cleaner in an aerosol, 500 ml, with adapter for foam guns.\n\nFlushes foam guns and removes \
      fresh, uncured foam from tools and surfaces. Once foam has cured, only mechanical removal works."),
];

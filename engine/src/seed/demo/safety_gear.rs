//! Safety gear: gloves, head, eye and hearing protection, hi-vis clothing and masks.

use super::build::{
    DISPOSABLE_SIZES, GARMENT_SIZES, GLOVE_SIZES, LARGE_GLOVE_SIZES, Row, Sell, cat, leaf, rows,
};
use crate::seed::SeedCategory;

const SAFETY_HUE: u16 = 145;

pub(super) fn safety_gear() -> SeedCategory {
    let h = SAFETY_HUE;
    cat(
        "safety-gear",
        "Safety Gear",
        "Personal protective equipment certified to the relevant EN standards, from gloves to hi-vis. Supplied with \
         the EU declaration of conformity and in the sizes crews actually need.",
        vec![
            cat(
                "hand-protection",
                "Hand Protection",
                "Work, disposable and cut-resistant gloves for assembly, logistics, cleaning and metalwork.",
                vec![
                    leaf(
                        "work-gloves",
                        "Work Gloves",
                        "Coated and leather gloves for general handling, assembly and outdoor work, tested to EN 388.",
                        h,
                        rows("glove", "SafeHand", WORK_GLOVES),
                    ),
                    leaf(
                        "disposable-gloves",
                        "Disposable Gloves",
                        "Single-use nitrile, latex and vinyl gloves for cleaning, painting, workshops and food \
                         handling.",
                        h,
                        rows("glove", "SafeHand", DISPOSABLE_GLOVES),
                    ),
                    leaf(
                        "cut-resistant-gloves",
                        "Cut-Resistant Gloves",
                        "Gloves rated B to F for cut resistance under EN ISO 13997, for sheet metal, glass and \
                         blades.",
                        h,
                        rows("glove", "SafeHand", CUT_GLOVES),
                    ),
                ],
                Vec::new(),
            ),
            cat(
                "head-eye-hearing",
                "Head, Eye & Hearing Protection",
                "Helmets, safety spectacles, goggles and hearing protection for sites, workshops and warehouses.",
                vec![
                    leaf(
                        "safety-helmets",
                        "Safety Helmets",
                        "EN 397 industrial helmets and EN 812 bump caps in site colours.",
                        h,
                        rows("helmet", "Wardex", HELMETS),
                    ),
                    leaf(
                        "eye-protection",
                        "Eye Protection",
                        "Safety spectacles, overspecs, goggles and face shields to EN 166.",
                        h,
                        rows("goggles", "Wardex", EYEWEAR),
                    ),
                    leaf(
                        "hearing-protection",
                        "Hearing Protection",
                        "Earmuffs and ear plugs with SNR 27 to 37 dB. Above 85 dB(A) wearing them is compulsory.",
                        h,
                        rows("earmuffs", "Wardex", HEARING),
                    ),
                ],
                Vec::new(),
            ),
            leaf(
                "hi-vis-clothing",
                "Hi-Vis Clothing",
                "High-visibility vests, shirts and jackets to EN ISO 20471 for traffic, warehouse and site work.",
                h,
                rows("vest", "Wardex", HI_VIS),
            ),
            leaf(
                "respiratory-protection",
                "Respiratory Protection",
                "Disposable FFP1, FFP2 and FFP3 respirators to EN 149 against dust and fine particles.",
                h,
                rows("mask", "Wardex", MASKS),
            ),
        ],
        Vec::new(),
    )
}

#[rustfmt::skip]
const WORK_GLOVES: &[Row] = &[
    ("Nitrile-Coated Assembly Gloves, Nylon Liner, EN 388 4121X", "SH-GL-NIT", "EN 388 4121X",
     "Grey nylon work glove with nitrile-coated palm", 1.45, Sell::Sizes(GLOVE_SIZES),
     "Seamless 15-gauge nylon liner with a smooth nitrile coating on palm and fingertips; breathable back. EN 388 \
      4121X.\n\nFor assembly, warehouse picking and handling dry or lightly oiled parts, with enough feel to pick up \
      washers and screws. Machine washable at 40 °C."),
    ("PU-Coated Precision Gloves, Seamless Nylon, EN 388 4131X", "SH-GL-PU", "EN 388 4131X",
     "White nylon glove with polyurethane-coated fingertips", 1.25, Sell::Sizes(GLOVE_SIZES),
     "Thin 18-gauge nylon liner with a polyurethane palm coating; lint-free and silicone-free. EN 388 4131X.\n\nFor \
      fine assembly, electronics, quality control and paint shops, where touch matters more than heavy abrasion \
      resistance."),
    ("Leather Rigger Gloves, Cowhide Grain, EN 388 2122X", "SH-GL-RIG", "EN 388 2122X",
     "Tan cowhide leather rigger glove", 3.40, Sell::Sizes(&["9", "10", "11"]),
     "Rigger glove in soft cowhide grain leather with a cotton back, reinforced palm patch and a safety cuff. EN 388 \
      2122X.\n\nFor handling timber, scaffolding tube, steel stock and rope on building sites and in yards."),
    ("Latex Crinkle-Grip Gloves, Cotton-Polyester Liner, EN 388 2142X", "SH-GL-LTX", "EN 388 2142X",
     "Knitted glove with orange crinkle latex palm", 1.60, Sell::Sizes(LARGE_GLOVE_SIZES),
     "Knitted cotton-polyester liner with a crinkle-finish natural latex coating on the palm. EN 388 2142X.\n\nThe \
      crinkle pattern grips bricks, blocks, glass and wet materials; for bricklaying, gardening and recycling. \
      Contains natural rubber latex."),
    ("Thermal Winter Work Gloves, Acrylic Terry Liner, EN 511", "SH-GL-WIN", "EN 511",
     "Insulated winter work glove with latex grip", 3.90, Sell::Sizes(LARGE_GLOVE_SIZES),
     "Insulated glove with a brushed acrylic terry liner and a foam latex palm, certified to EN 511 for contact and \
      convective cold and to EN 388 2231X.\n\nFor cold stores, outdoor loading and winter site work down to about \
      −20 °C."),
];

#[rustfmt::skip]
const DISPOSABLE_GLOVES: &[Row] = &[
    ("Nitrile Disposable Gloves, Powder-Free, Blue, Box of 100", "SH-DG-NB", "Nitrile 100",
     "Box of blue nitrile disposable gloves", 5.90, Sell::Sizes(DISPOSABLE_SIZES),
     "Single-use nitrile gloves, 0.10 mm thick, powder-free and latex-free with textured fingertips; EN ISO 374-1 \
      type B, EN 455 and food-contact compliant.\n\nFor workshops, cleaning, painting and food preparation; blue so \
      that a torn piece is easy to spot."),
    ("Nitrile Disposable Gloves, Powder-Free, Black, Box of 100", "SH-DG-NK", "Nitrile 100",
     "Box of black nitrile disposable gloves", 6.80, Sell::Sizes(DISPOSABLE_SIZES),
     "Heavier single-use nitrile gloves, 0.12 mm thick, powder-free with a diamond-textured grip; EN ISO 374-1 type \
      B.\n\nBlack hides grease and toner, so they are popular in vehicle workshops, print rooms and tattoo studios."),
    ("Latex Disposable Gloves, Powder-Free, Natural, Box of 100", "SH-DG-LX", "Latex 100",
     "Box of natural latex disposable gloves", 5.20, Sell::Sizes(DISPOSABLE_SIZES),
     "Single-use natural rubber latex gloves, powder-free, with a rolled cuff and high elasticity for a close \
      fit.\n\nFor laboratories, cleaning and light assembly where fine touch matters. Not for users with latex \
      allergy; choose nitrile instead."),
    ("Vinyl Disposable Gloves, Powder-Free, Clear, Box of 100", "SH-DG-VN", "Vinyl 100",
     "Box of clear vinyl disposable gloves", 3.90, Sell::Sizes(DISPOSABLE_SIZES),
     "Single-use PVC gloves, powder-free and latex-free, loose-fitting and quick to change.\n\nEconomical for \
      short tasks: food service, light cleaning and handling non-hazardous goods. Not for solvents or oils."),
];

#[rustfmt::skip]
const CUT_GLOVES: &[Row] = &[
    ("Cut-Resistant Gloves Level B, HPPE Liner, PU Palm", "SH-CR-B", "Cut level B",
     "Grey cut-resistant glove with PU palm", 3.60, Sell::Sizes(GLOVE_SIZES),
     "13-gauge HPPE liner with a polyurethane palm coating; EN 388 4X42B.\n\nFor handling cardboard, plastics and \
      light sheet parts in logistics and assembly, where paper cuts and burrs are the main risk."),
    ("Cut-Resistant Gloves Level C, HPPE/Glass Fibre Liner, Nitrile Foam Palm", "SH-CR-C", "Cut level C",
     "Cut-resistant glove with black nitrile foam palm", 4.90, Sell::Sizes(GLOVE_SIZES),
     "HPPE and glass-fibre liner with a breathable nitrile foam palm; EN 388 4X43C.\n\nFor sheet metal handling, \
      press shops and automotive assembly, with grip on lightly oiled parts."),
    ("Cut-Resistant Gloves Level D, Sandy Nitrile Coating", "SH-CR-D", "Cut level D",
     "Cut-resistant glove with sandy nitrile coating", 6.40, Sell::Sizes(GLOVE_SIZES),
     "High-performance fibre liner with a sandy-finish nitrile palm; EN 388 4X44D.\n\nFor glass handling, metal \
      stamping and recycling, where sharp edges and oily surfaces meet."),
    ("Cut-Resistant Gloves Level F, Steel-Reinforced Liner, Nitrile Palm", "SH-CR-F", "Cut level F",
     "Heavy cut-resistant glove with nitrile palm", 9.80, Sell::Sizes(GLOVE_SIZES),
     "Liner reinforced with stainless steel filament and a nitrile palm; EN 388 4X44F, the top cut level.\n\nFor \
      glazing, blade changes on machines and handling freshly cut sheet. Cut-resistant does not mean cut-proof: \
      never use against moving blades."),
];

#[rustfmt::skip]
const HELMETS: &[Row] = &[
    ("Safety Helmet EN 397, ABS Shell, 6-Point Ratchet Harness", "WX-HL-ABS", "EN 397",
     "Industrial safety helmet with ratchet harness", 8.90, Sell::Colours(&["White", "Yellow", "Blue", "Red"]),
     "Industrial helmet to EN 397 with an ABS shell, six-point textile harness, ratchet adjustment from 53 to 63 cm, \
      sweatband and 30 mm accessory slots; also EN 50365 for electrical work up to 1000 V AC.\n\nFor building \
      sites, plants and warehouses. The colour codes roles on site; replace the helmet after any heavy impact, and \
      at the latest five years after manufacture."),
    ("Work-at-Height Helmet EN 397/EN 12492, 4-Point Chin Strap", "WX-HL-WAH", "EN 12492",
     "Vented work-at-height helmet with chin strap", 24.50, Sell::Colours(&["White", "Orange", "Black"]),
     "Helmet certified to EN 397 and the mountaineering standard EN 12492, with a four-point chin strap, closable \
      vents and clips for a headlamp.\n\nMade for scaffolding, rope access, telecoms masts and roof work, where the \
      helmet must stay on in a fall."),
    ("HDPE Safety Helmet EN 397, Pinlock Harness", "WX-HL-HDPE", "EN 397",
     "Basic HDPE safety helmet", 4.60, Sell::Colours(&["White", "Yellow", "Blue", "Red"]),
     "Lightweight helmet to EN 397 with a high-density polyethylene shell and a four-point harness with pinlock size \
      adjustment.\n\nAn economical helmet for visitors, occasional users and site induction kits."),
    ("Bump Cap EN 812, Baseball Style", "WX-HL-BC", "EN 812", "Baseball-style bump cap", 7.40,
     Sell::Colours(&["Navy", "Black", "Grey"]),
     "Baseball cap with an ABS inner shell and foam padding to EN 812, with a short peak and adjustable back \
      strap.\n\nProtects against knocks on fixed objects in vehicle pits, under machines and in low storage areas. \
      Not a substitute for an EN 397 helmet where things can fall."),
];

#[rustfmt::skip]
const EYEWEAR: &[Row] = &[
    ("Safety Spectacles EN 166 1F, Clear Polycarbonate, Anti-Fog", "WX-EY-SPC", "EN 166 1F",
     "Clear wraparound safety spectacles", 2.10, Sell::Packs(&[1, 12], "pairs", "Box"),
     "Wraparound safety spectacles with a clear polycarbonate lens, anti-scratch and anti-fog coating, UV filter \
      to EN 170 and low-energy impact rating F.\n\nFor workshops, assembly lines and visitors; weighs 26 g, so \
      people keep it on."),
    ("Safety Spectacles EN 166 1F, Grey Tinted, Sun Filter EN 172", "WX-EY-SPG", "EN 172",
     "Grey tinted safety spectacles", 2.40, Sell::Packs(&[1, 12], "pairs", "Box"),
     "Wraparound safety spectacles with a grey polycarbonate lens, EN 172 sun glare filter 5-3.1 and low-energy \
      impact rating F.\n\nFor outdoor work, road maintenance and loading bays in bright sun. Not for driving at \
      night."),
    ("Overspecs EN 166 1F for Prescription Glasses Wearers", "WX-EY-OVS", "EN 166 1F",
     "Clear overspecs worn over prescription glasses", 3.20, Sell::Packs(&[1, 12], "pairs", "Box"),
     "Overspecs with a wide clear polycarbonate lens and side shields that fit over most prescription frames; \
      adjustable arms, anti-scratch coating.\n\nThe quick answer for visitors and staff without prescription safety \
      glasses."),
    ("Indirect-Vent Safety Goggles EN 166 3 4 B, Anti-Fog", "WX-EY-GOG", "EN 166 3 4 B",
     "Indirect-vent safety goggles with strap", 5.80, Sell::Packs(&[1, 10], "pcs", "Box"),
     "Goggles with indirect ventilation, a soft PVC frame, wide elastic strap and anti-fog polycarbonate lens; \
      protection against liquid droplets (3), coarse dust (4) and medium-energy impact (B).\n\nFor grinding, \
      mixing chemicals and overhead drilling; fits over most glasses."),
    ("Face Shield EN 166 B with Brow Guard and Ratchet Headgear", "WX-EY-FSH", "EN 166 B",
     "Clear face shield with headgear", 9.90, Sell::Each,
     "Clear polycarbonate visor, 200 × 400 mm, with a brow guard and ratchet headgear; medium-energy impact B.\n\n\
      For grinding, cutting, brush-cutting and handling liquids. Wear safety spectacles underneath for impact work; \
      replacement visors available."),
];

#[rustfmt::skip]
const HEARING: &[Row] = &[
    ("Earmuffs SNR 28 dB, Padded Headband", "WX-HR-EM28", "SNR 28 dB", "Earmuffs with padded headband", 8.40,
     Sell::Each,
     "Lightweight earmuffs to EN 352-1 with SNR 28 dB, soft foam cushions and a padded adjustable headband.\n\nFor \
      workshops, warehouses and occasional use of power tools, up to about 100 dB(A)."),
    ("Earmuffs SNR 33 dB, Low-Profile Cups", "WX-HR-EM33", "SNR 33 dB", "High-attenuation earmuffs", 14.90,
     Sell::Each,
     "High-attenuation earmuffs to EN 352-1 with SNR 33 dB, low-profile cups and replaceable gel-foam \
      cushions.\n\nFor very loud work: chainsaws, breakers, metal cutting and compressor rooms."),
    ("Helmet-Mounted Earmuffs SNR 30 dB, 30 mm Slot Adapter", "WX-HR-EMH", "SNR 30 dB",
     "Helmet-mounted earmuffs", 13.20, Sell::Each,
     "Earmuffs to EN 352-3 with SNR 30 dB that click into the 30 mm slots of standard EN 397 helmets; three \
      positions: working, ventilation and parked.\n\nFor sites where helmet and hearing protection are both \
      compulsory."),
    ("Foam Ear Plugs SNR 37 dB, Dispenser Box of 200 Pairs", "WX-HR-EP200", "SNR 37 dB",
     "Box of foam ear plugs", 19.80, Sell::Each,
     "Disposable polyurethane foam ear plugs to EN 352-2, SNR 37 dB, tapered for easy fitting, individually \
      bagged in pairs.\n\nMount the dispenser box at the entrance to noisy areas. Roll, insert, hold for 30 seconds \
      while the foam expands."),
    ("Reusable Corded Ear Plugs SNR 27 dB, Washable TPE", "WX-HR-EPC", "SNR 27 dB", "Corded reusable ear plugs",
     0.58, Sell::Packs(&[50, 200], "pairs", "Box"),
     "Reusable triple-flange ear plugs in soft TPE on a cord, EN 352-2, SNR 27 dB, in a storage case.\n\nWashable \
      with soap and water and good for several weeks; the cord keeps them round the neck between noisy jobs."),
];

#[rustfmt::skip]
const HI_VIS: &[Row] = &[
    ("Hi-Vis Vest EN ISO 20471 Class 2, Yellow", "WX-HV-Y", "Class 2", "Yellow hi-vis vest", 1.90,
     Sell::Sizes(GARMENT_SIZES),
     "High-visibility vest in fluorescent yellow polyester with two 50 mm retro-reflective bands and hook-and-loop \
      front closure; EN ISO 20471 class 2.\n\nFor warehouses, car parks, events and visitors on site. Washable at \
      40 °C; retire it when the reflective bands crack."),
    ("Hi-Vis Vest EN ISO 20471 Class 2, Orange", "WX-HV-O", "Class 2", "Orange hi-vis vest", 1.95,
     Sell::Sizes(GARMENT_SIZES),
     "High-visibility vest in fluorescent orange polyester with two 50 mm retro-reflective bands and hook-and-loop \
      closure; EN ISO 20471 class 2.\n\nOrange is the required colour on many railway and motorway sites."),
    ("Hi-Vis Zip Vest EN ISO 20471 Class 2 with ID Pocket, Yellow", "WX-HV-ZIP", "Class 2",
     "Yellow hi-vis zip vest with pockets", 4.80, Sell::Sizes(GARMENT_SIZES),
     "Zip-front high-visibility vest in fluorescent yellow with two reflective bands, a clear ID-card pocket, a pen \
      pocket and two lower pockets; EN ISO 20471 class 2.\n\nFor supervisors, forklift drivers and logistics staff \
      who carry a scanner and a pen."),
    ("Hi-Vis Polo Shirt EN ISO 20471 Class 2, Yellow/Navy", "WX-HV-POLO", "Class 2",
     "Yellow and navy hi-vis polo shirt", 13.50, Sell::Sizes(GARMENT_SIZES),
     "Short-sleeved polo shirt in breathable bird-eye polyester, fluorescent yellow with a navy lower part and \
      segmented reflective tape; EN ISO 20471 class 2.\n\nComfortable in summer on road works and yards; the navy \
      part hides dirt."),
    ("Hi-Vis Softshell Jacket EN ISO 20471 Class 3, Orange", "WX-HV-SSJ", "Class 3", "Orange hi-vis softshell jacket",
     39.00, Sell::Sizes(GARMENT_SIZES),
     "Three-layer softshell jacket in fluorescent orange, wind- and water-repellent with a fleece inner side, \
      reflective bands on body and sleeves; EN ISO 20471 class 3.\n\nThe highest visibility class, for work next to \
      fast traffic in the colder months."),
];

#[rustfmt::skip]
const MASKS: &[Row] = &[
    ("Respirator Mask FFP1 NR D, Cup-Shaped, without Valve", "WX-RM-FFP1", "FFP1", "Cup-shaped FFP1 respirator",
     0.42, Sell::Packs(&[20, 200], "masks", "Box"),
     "Disposable cup-shaped respirator to EN 149 class FFP1 NR D, with an adjustable nose clip and foam nose \
      cushion.\n\nFor non-toxic dust up to 4× the occupational exposure limit: sweeping, sanding wood and gypsum, \
      handling cement bags."),
    ("Respirator Mask FFP2 NR D, Cup-Shaped, with Exhalation Valve", "WX-RM-FFP2V", "FFP2",
     "Cup-shaped FFP2 respirator with valve", 0.95, Sell::Packs(&[20, 200], "masks", "Box"),
     "Disposable cup-shaped respirator to EN 149 class FFP2 NR D with an exhalation valve that keeps heat and \
      moisture out of the mask.\n\nFor fine dust and fumes up to 10× the exposure limit: concrete drilling, \
      welding fume, fibreglass. The D mark means it passed the dolomite clogging test."),
    ("Respirator Mask FFP2 NR, Foldable, without Valve", "WX-RM-FFP2F", "FFP2", "Foldable FFP2 respirator", 0.55,
     Sell::Packs(&[20, 200], "masks", "Box"),
     "Foldable three-panel respirator to EN 149 class FFP2 NR, individually wrapped, without valve.\n\nFits flat in \
      a pocket, for short jobs and visitors. Without a valve it also filters exhaled air."),
    ("Respirator Mask FFP3 NR D, Cup-Shaped, with Exhalation Valve", "WX-RM-FFP3V", "FFP3",
     "Cup-shaped FFP3 respirator with valve", 2.10, Sell::Packs(&[10, 100], "masks", "Box"),
     "Disposable cup-shaped respirator to EN 149 class FFP3 NR D, with an exhalation valve and a full face \
      seal.\n\nFor hazardous dust up to 30× the exposure limit: quartz, hardwood, stainless welding fume. Fit-test \
      the wearer and shave beards; a gap defeats the filter."),
];

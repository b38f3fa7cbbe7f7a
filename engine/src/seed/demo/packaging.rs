//! Packaging: cartons and postal boxes, packing tape, stretch film and labels.

use super::build::{Item, Row, Sell, cat, eur, leaf, rows};
use crate::seed::SeedCategory;

const PACKAGING_HUE: u16 = 32;

pub(super) fn packaging() -> SeedCategory {
    let h = PACKAGING_HUE;
    cat(
        "packaging",
        "Packaging",
        "Shipping cartons, tapes, stretch film and labels for warehouses and web shops. Delivered from stock in \
         bundle and pallet quantities.",
        vec![
            cat(
                "cartons-boxes",
                "Cartons & Boxes",
                "Corrugated cartons in single-wall, double-wall and die-cut postal styles, in standard sizes.",
                vec![
                    leaf(
                        "single-wall-cartons",
                        "Single-Wall Cartons",
                        "B-flute cartons for parcels up to about 10 kg, delivered flat.",
                        h,
                        cartons(false),
                    ),
                    leaf(
                        "double-wall-cartons",
                        "Double-Wall Cartons",
                        "BC-flute cartons for heavy, fragile and export shipments up to about 30 kg.",
                        h,
                        cartons(true),
                    ),
                    leaf(
                        "postal-boxes",
                        "Postal Boxes",
                        "Die-cut mailers with peel-and-seal strip and tear-off opening, built for e-commerce.",
                        h,
                        postal_boxes(),
                    ),
                ],
                Vec::new(),
            ),
            leaf(
                "packing-tape",
                "Packing Tape",
                "Polypropylene, PVC and paper tapes for sealing cartons, plus printed warning and masking tape.",
                h,
                rows("tape", "PackRight", TAPES),
            ),
            leaf(
                "stretch-film-wrap",
                "Stretch Film & Wrap",
                "Hand and machine stretch film for securing pallets, and bubble wrap for cushioning.",
                h,
                rows("film", "PackRight", FILMS),
            ),
            leaf(
                "labels",
                "Labels",
                "Thermal shipping labels, laser sheets and pre-printed warning labels.",
                h,
                rows("label", "PackRight", LABELS),
            ),
        ],
        Vec::new(),
    )
}

fn cartons(double: bool) -> Vec<Item> {
    #[rustfmt::skip]
    const SINGLE: &[(u32, u32, u32, f64)] = &[
        (200, 150, 100, 0.22), (250, 200, 150, 0.31), (305, 215, 110, 0.33), (400, 300, 200, 0.58),
        (430, 305, 260, 0.72), (600, 400, 400, 1.35),
    ];
    #[rustfmt::skip]
    const DOUBLE: &[(u32, u32, u32, f64)] = &[
        (400, 300, 300, 0.98), (450, 350, 350, 1.32), (500, 400, 400, 1.74), (600, 400, 400, 2.05),
        (600, 500, 500, 2.70), (800, 600, 400, 3.40),
    ];
    let (sizes, wall, code, board, use_) = if double {
        (
            DOUBLE,
            "Double-Wall",
            "PR-DW",
            "double-wall BC-flute (7 mm)",
            "Strong enough for heavy, fragile and export shipments up to about 30 kg and for stacking on pallets.",
        )
    } else {
        (
            SINGLE,
            "Single-Wall",
            "PR-SW",
            "single-wall B-flute (3 mm)",
            "For parcels up to about 10 kg: spare parts, textiles, books and office supplies.",
        )
    };
    sizes
        .iter()
        .map(|&(l, w, h, price)| {
            let a4 = if (l, w) == (305, 215) { " Takes A4 documents and catalogues flat." } else { "" };
            Item {
                kind: "box",
                brand: "PackRight",
                name: format!("{wall} Shipping Carton {l} × {w} × {h} mm, Brown"),
                sku: format!("{code}-{l}-{w}-{h}"),
                label: format!("{l} × {w} × {h}"),
                alt: format!("Brown {} shipping carton {l} × {w} × {h} mm", wall.to_lowercase()),
                price: eur(price),
                sell: Sell::Packs(if double { &[20, 100] } else { &[25, 100, 400] }, "pcs", "Bundle"),
                text: format!(
                    "Regular slotted carton (FEFCO 0201) in {board} corrugated board with brown kraft liners, \
                     internal dimensions {l} × {w} × {h} mm (L × W × H).{a4}\n\n{use_} Delivered flat; seal top and \
                     bottom with 48 or 50 mm packing tape in an H pattern."
                ),
            }
        })
        .collect()
}

fn postal_boxes() -> Vec<Item> {
    #[rustfmt::skip]
    const SIZES: &[(u32, u32, u32, f64)] =
        &[(220, 160, 50, 0.29), (305, 215, 60, 0.36), (350, 250, 80, 0.48), (430, 300, 100, 0.62)];
    SIZES
        .iter()
        .map(|&(l, w, h, price)| Item {
            kind: "box",
            brand: "PackRight",
            name: format!("Die-Cut Postal Box {l} × {w} × {h} mm, Brown, with Tear Strip"),
            sku: format!("PR-PB-{l}-{w}-{h}"),
            label: format!("{l} × {w} × {h}"),
            alt: format!("Brown die-cut postal box {l} × {w} × {h} mm"),
            price: eur(price),
            sell: Sell::Packs(&[25, 100, 500], "pcs", "Bundle"),
            text: format!(
                "Die-cut folding postal box (FEFCO 0427) in E-flute corrugated board, internal {l} × {w} × {h} mm, \
                 with self-locking side flaps, a peel-and-seal adhesive strip and a tear-off opening strip.\n\n\
                 Folds up in seconds without tape, for books, textiles, spare parts and web-shop orders. A second \
                 adhesive strip lets your customer reuse the box for returns."
            ),
        })
        .collect()
}

#[rustfmt::skip]
const TAPES: &[Row] = &[
    ("Polypropylene Packing Tape 48 mm × 66 m, Brown", "PR-TP-PP-48-BR", "48 mm × 66 m", "Roll of brown packing tape",
     0.92, Sell::Packs(&[6, 36], "rolls", "Pack"),
     "Packing tape of 28 µm biaxially oriented polypropylene with a hot-melt adhesive, 48 mm wide, 66 m per \
      roll.\n\nThe standard tape for sealing cartons up to about 15 kg, by hand dispenser or on a case sealer."),
    ("Polypropylene Packing Tape 48 mm × 66 m, Clear", "PR-TP-PP-48-CL", "48 mm × 66 m", "Roll of clear packing tape",
     0.92, Sell::Packs(&[6, 36], "rolls", "Pack"),
     "Clear packing tape of 28 µm polypropylene with hot-melt adhesive, 48 mm wide, 66 m per roll.\n\nSeals \
      cartons without hiding printing or labels underneath; also for taping document pouches."),
    ("Low-Noise Polypropylene Packing Tape 48 mm × 66 m, Brown", "PR-TP-LN-48-BR", "Low noise",
     "Roll of brown low-noise packing tape", 1.15, Sell::Packs(&[6, 36], "rolls", "Pack"),
     "Brown polypropylene tape, 48 mm × 66 m, with a release coating that unwinds quietly instead of \
      screeching.\n\nMakes open-plan packing stations noticeably quieter over a shift; same holding power as \
      standard tape."),
    ("PVC Packing Tape 50 mm × 66 m, Brown", "PR-TP-PVC-50-BR", "PVC 50 mm", "Roll of brown PVC packing tape", 1.85,
     Sell::Packs(&[6, 36], "rolls", "Pack"),
     "Brown PVC tape with natural rubber adhesive, 50 mm × 66 m, tearable by hand and strong in cold \
      conditions.\n\nFor heavy cartons, cold stores and recycled board with rough surfaces, where polypropylene \
      tape lets go."),
    ("Paper Packing Tape 50 mm × 50 m, Kraft, Natural Rubber Adhesive", "PR-TP-PAP-50", "Paper 50 mm",
     "Roll of brown kraft paper tape", 2.10, Sell::Packs(&[6, 36], "rolls", "Pack"),
     "Self-adhesive kraft paper tape with a natural rubber adhesive, 50 mm × 50 m, printable and tearable by \
      hand.\n\nSeals cartons plastic-free, so the whole box goes into paper recycling."),
    ("Fragile Printed Packing Tape 48 mm × 66 m, Red on White", "PR-TP-FRG-48", "FRAGILE",
     "Roll of white packing tape printed with red fragile warnings", 1.40, Sell::Packs(&[6, 36], "rolls", "Pack"),
     "White polypropylene tape printed in red with “Fragile – Handle with care” and glass symbols in several \
      languages, 48 mm × 66 m.\n\nSeals and marks in one go; carriers see the warning on every face you tape."),
    ("Masking Tape 25 mm × 50 m, Crepe Paper, 60 °C", "PR-TP-MSK-25", "25 mm × 50 m", "Roll of masking tape", 0.85,
     Sell::Packs(&[6, 36], "rolls", "Pack"),
     "Crepe paper masking tape, 25 mm × 50 m, with a rubber adhesive that removes cleanly up to 60 °C.\n\nFor \
      marking, labelling shelves and masking during painting; removes without residue within a few days."),
];

#[rustfmt::skip]
const FILMS: &[Row] = &[
    ("Hand Stretch Film 500 mm × 300 m, 17 µm, Clear", "PR-SF-17", "17 µm", "Roll of clear hand stretch film", 6.90,
     Sell::Packs(&[1, 6], "rolls", "Pack"),
     "Cast LLDPE hand stretch film, 17 µm thick, 500 mm wide and 300 m per roll on a 50 mm core; cling on the \
      inside.\n\nFor light pallets of cartons up to about 500 kg; stretches by around 150 % for fewer rolls per \
      pallet."),
    ("Hand Stretch Film 500 mm × 270 m, 23 µm, Clear", "PR-SF-23", "23 µm", "Roll of clear heavy stretch film", 7.80,
     Sell::Packs(&[1, 6], "rolls", "Pack"),
     "Cast LLDPE hand stretch film, 23 µm thick, 500 mm wide, 270 m per roll on a 50 mm core.\n\nThe heavier gauge \
      for pallets up to about 1000 kg and loads with sharp corners."),
    ("Hand Stretch Film 500 mm × 270 m, 23 µm, Black", "PR-SF-23-BK", "23 µm black", "Roll of black stretch film",
     8.90, Sell::Packs(&[1, 6], "rolls", "Pack"),
     "Black opaque cast stretch film, 23 µm, 500 mm × 270 m.\n\nHides the load from view in transit and protects \
      it from sunlight; popular for electronics and high-value goods."),
    ("Machine Stretch Film 500 mm × 1500 m, 20 µm, Pre-Stretch", "PR-SF-M20", "Machine 20 µm",
     "Large roll of machine stretch film", 32.00, Sell::Each,
     "Machine stretch film for turntable and rotary-arm wrappers with power pre-stretch up to 250 %, 20 µm, \
      500 mm × 1500 m on a 76 mm core.\n\nOne roll wraps around 100 pallets; consistent tension means fewer \
      collapsed loads."),
    ("Mini Stretch Film 100 mm × 150 m, 20 µm, with Handle Core", "PR-SF-MINI", "100 mm", "Mini roll of stretch film",
     1.90, Sell::Packs(&[1, 12], "rolls", "Pack"),
     "Narrow stretch film, 100 mm × 150 m, 20 µm, on an extended core that serves as the handle.\n\nBundles \
      profiles, pipes, long parts and small cartons without tape or strapping."),
    ("Bubble Wrap Roll 500 mm × 100 m, 10 mm Bubbles", "PR-BW-500", "500 mm", "Roll of bubble wrap", 14.50,
     Sell::Packs(&[1, 4], "rolls", "Pack"),
     "Polyethylene bubble wrap with 10 mm bubbles, 500 mm wide and 100 m long, perforated every 500 mm.\n\n\
      Cushions glass, ceramics, electronics and finished surfaces inside the carton; wrap with the bubbles facing \
      in."),
];

#[rustfmt::skip]
const LABELS: &[Row] = &[
    ("Direct Thermal Shipping Labels 100 × 150 mm, 500 per Roll", "PR-LB-DT-100-150", "100 × 150",
     "Roll of direct thermal shipping labels", 7.40, Sell::Packs(&[1, 12], "rolls", "Carton"),
     "Direct thermal paper labels, 100 × 150 mm, 500 per roll on a 25 mm core, with permanent adhesive; no ribbon \
      needed.\n\nThe carriers' standard format for parcel labels printed from desktop label printers."),
    ("Direct Thermal Labels 57 × 32 mm, 1000 per Roll, Removable", "PR-LB-DT-57-32", "57 × 32",
     "Roll of small direct thermal labels", 4.20, Sell::Packs(&[1, 12], "rolls", "Carton"),
     "Small direct thermal labels, 57 × 32 mm, 1000 per roll, with a removable adhesive that peels off \
      cleanly.\n\nFor price and barcode labels on shelves, bins and returns."),
    ("A4 Laser Labels 99.1 × 38.1 mm, 14 per Sheet, 100 Sheets", "PR-LB-A4-14", "14 per sheet",
     "Pack of A4 label sheets", 11.90, Sell::Packs(&[1, 5], "packs", "Carton"),
     "White matt paper labels on A4 sheets, 14 per sheet at 99.1 × 38.1 mm, 100 sheets per pack, for laser and \
      inkjet printers.\n\nThe address label format that office software offers out of the box; for letters, \
      folders and shelf marking."),
    ("Fragile Warning Labels 100 × 50 mm, Red/White, Roll of 500", "PR-LB-FRG", "FRAGILE",
     "Roll of red fragile warning labels", 6.20, Sell::Packs(&[1, 6], "rolls", "Carton"),
     "Pre-printed paper labels, 100 × 50 mm, red on white with a broken-glass symbol and “Fragile”, 500 per \
      roll.\n\nStick one on each side of the parcel so the warning is visible however it lands on the belt."),
    ("Pallet Labels 210 × 148 mm (A5), Roll of 250, Permanent", "PR-LB-PAL-A5", "A5 pallet",
     "Roll of large pallet labels", 9.80, Sell::Packs(&[1, 6], "rolls", "Carton"),
     "Direct thermal labels in A5 size, 210 × 148 mm, 250 per roll on a 76 mm core, with a strong permanent \
      adhesive that holds on stretch film.\n\nFor GS1 pallet labels with SSCC barcodes."),
];

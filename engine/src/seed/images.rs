//! Flat product illustrations drawn as SVG, so the demo catalog ships without binary assets.
//!
//! Each drawing is a template with colour tokens (`{b}` background, `{m}` main, `{d}` dark, `{l}` light,
//! `{s}` shade, `{a}` accent) filled from one hue, so a whole category shares a tint while kinds stay
//! recognisable.

/// Returns a self-contained 400 × 400 SVG document illustrating a product of the given `kind`
/// (e.g. `"bolt"`, `"glove"`, `"box"`), tinted by `hue` (degrees, 0–359) and captioned with `label`.
///
/// Unknown kinds get a neutral generic drawing. The label is XML-escaped, and the document references no
/// fonts, images or links, so it can be served as-is from `/media/` or inlined into a page.
pub fn product_svg(kind: &str, label: &str, hue: u16) -> String {
    let h = hue % 360;
    let art = art(kind)
        .replace("{b}", &hsl(h, 45, 94))
        .replace("{m}", &hsl(h, 26, 60))
        .replace("{d}", &hsl(h, 32, 30))
        .replace("{l}", &hsl(h, 38, 84))
        .replace("{s}", &hsl(h, 28, 46))
        .replace("{a}", &hsl((h + 30) % 360, 68, 54));
    // A rough width estimate (0.55 em per character) keeps long labels inside the 360 px text box.
    let chars = label.chars().count().max(1);
    let size = (640 / chars).clamp(14, 30);
    format!(
        concat!(
            r#"<svg xmlns="http://www.w3.org/2000/svg" width="400" height="400" viewBox="0 0 400 400">"#,
            r#"<rect width="400" height="400" rx="24" fill="{bg}"/>{art}"#,
            r#"<text x="200" y="372" text-anchor="middle" font-family="system-ui, sans-serif" "#,
            r#"font-size="{size}" font-weight="600" fill="{ink}">{label}</text></svg>"#
        ),
        bg = hsl(h, 45, 94),
        art = art,
        size = size,
        ink = hsl(h, 35, 22),
        label = escape(label),
    )
}

/// Legacy comma syntax, because some SVG rasterisers (thumbnailers, mail clients) predate CSS Color 4.
fn hsl(h: u16, s: u8, l: u8) -> String {
    format!("hsl({h},{s}%,{l}%)")
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

/// The drawing for a kind; the art area is y 30–335 so the caption below never overlaps.
fn art(kind: &str) -> &'static str {
    match kind {
        "bolt" => concat!(
            r#"<rect x="170" y="110" width="60" height="200" fill="{m}" stroke="{d}" stroke-width="5"/>"#,
            r#"<path d="M170 150l60 14M170 174l60 14M170 198l60 14M170 222l60 14M170 246l60 14M170 270l60 14" "#,
            r#"stroke="{d}" stroke-width="4"/>"#,
            r#"<rect x="125" y="50" width="150" height="62" rx="6" fill="{m}" stroke="{d}" stroke-width="5"/>"#,
            r#"<path d="M175 50v62M225 50v62" stroke="{d}" stroke-width="4"/>"#,
        ),
        "nut" => concat!(
            r#"<polygon points="315,180 258,280 142,280 85,180 142,80 258,80" fill="{m}" stroke="{d}" "#,
            r#"stroke-width="6" stroke-linejoin="round"/>"#,
            r#"<circle cx="200" cy="180" r="80" fill="none" stroke="{l}" stroke-width="6"/>"#,
            r#"<circle cx="200" cy="180" r="48" fill="{b}" stroke="{d}" stroke-width="6"/>"#,
            r#"<circle cx="200" cy="180" r="38" fill="none" stroke="{s}" stroke-width="3" stroke-dasharray="6 6"/>"#,
        ),
        "washer" => concat!(
            r#"<circle cx="200" cy="180" r="120" fill="{m}" stroke="{d}" stroke-width="6"/>"#,
            r#"<circle cx="200" cy="180" r="94" fill="none" stroke="{l}" stroke-width="5"/>"#,
            r#"<circle cx="200" cy="180" r="50" fill="{b}" stroke="{d}" stroke-width="6"/>"#,
        ),
        "screw" => concat!(
            r#"<path d="M178 100h44v175l-22 45l-22-45z" fill="{m}" stroke="{d}" stroke-width="5" "#,
            r#"stroke-linejoin="round"/>"#,
            r#"<path d="M178 130l44 12M178 155l44 12M178 180l44 12M178 205l44 12M178 230l44 12M178 255l44 12" "#,
            r#"stroke="{d}" stroke-width="4"/>"#,
            r#"<path d="M120 50h160l-55 55h-50z" fill="{m}" stroke="{d}" stroke-width="5" stroke-linejoin="round"/>"#,
        ),
        "anchor" => concat!(
            r#"<path d="M150 86h100v190l-50 40l-50-40z" fill="{l}" stroke="{d}" stroke-width="5" "#,
            r#"stroke-linejoin="round"/>"#,
            r#"<path d="M150 120l-14 14 14 14M150 170l-14 14 14 14M150 220l-14 14 14 14M250 120l14 14-14 14"#,
            r#"M250 170l14 14-14 14M250 220l14 14-14 14" fill="none" stroke="{d}" stroke-width="5" "#,
            r#"stroke-linejoin="round"/>"#,
            r#"<path d="M200 100v200" stroke="{s}" stroke-width="4" stroke-dasharray="10 8"/>"#,
            r#"<rect x="120" y="60" width="160" height="28" rx="6" fill="{d}"/>"#,
        ),
        "rivet" => concat!(
            r#"<rect x="193" y="40" width="14" height="240" rx="4" fill="{m}" stroke="{d}" stroke-width="4"/>"#,
            r#"<circle cx="200" cy="296" r="14" fill="{m}" stroke="{d}" stroke-width="4"/>"#,
            r#"<rect x="172" y="168" width="56" height="118" rx="6" fill="{l}" stroke="{d}" stroke-width="5"/>"#,
            r#"<rect x="136" y="148" width="128" height="24" rx="10" fill="{l}" stroke="{d}" stroke-width="5"/>"#,
        ),
        "wrench" => concat!(
            r#"<g transform="rotate(-45 200 180)" fill="{m}">"#,
            r#"<rect x="183" y="90" width="34" height="180" rx="10"/><circle cx="200" cy="75" r="46"/>"#,
            r#"<rect x="182" y="18" width="36" height="58" rx="4" fill="{b}"/><circle cx="200" cy="290" r="40"/>"#,
            r#"<polygon points="222,290 211,309 189,309 178,290 189,271 211,271" fill="{b}"/>"#,
            r#"<rect x="193" y="120" width="14" height="120" rx="7" fill="{l}"/></g>"#,
        ),
        "screwdriver" => concat!(
            r#"<g transform="rotate(45 200 180)">"#,
            r#"<rect x="170" y="40" width="60" height="120" rx="22" fill="{a}" stroke="{d}" stroke-width="5"/>"#,
            r#"<path d="M186 60v80M200 60v80M214 60v80" stroke="{d}" stroke-width="4" opacity=".35"/>"#,
            r#"<rect x="180" y="158" width="40" height="18" rx="4" fill="{d}"/>"#,
            r#"<rect x="192" y="176" width="16" height="128" fill="{m}"/>"#,
            r#"<path d="M192 304h16l-4 22h-8z" fill="{d}"/></g>"#,
        ),
        "pliers" => concat!(
            r#"<path d="M190 175L140 320M210 175L260 320" stroke="{a}" stroke-width="30" stroke-linecap="round"/>"#,
            r#"<path d="M190 175L172 225M210 175L228 225" stroke="{m}" stroke-width="30" stroke-linecap="round"/>"#,
            r#"<path d="M178 165L190 45h20l12 120z" fill="{m}" stroke="{d}" stroke-width="5" "#,
            r#"stroke-linejoin="round"/><path d="M200 50v110" stroke="{d}" stroke-width="4"/>"#,
            r#"<circle cx="200" cy="168" r="18" fill="{d}"/><circle cx="200" cy="168" r="7" fill="{l}"/>"#,
        ),
        "knife" => concat!(
            r#"<g transform="rotate(-25 200 180)">"#,
            r#"<path d="M280 160h64l-24 40h-40z" fill="{l}" stroke="{d}" stroke-width="5" stroke-linejoin="round"/>"#,
            r#"<path d="M304 160l-8 40M324 160l-8 40" stroke="{s}" stroke-width="3"/>"#,
            r#"<rect x="80" y="150" width="205" height="60" rx="18" fill="{a}" stroke="{d}" stroke-width="5"/>"#,
            r#"<rect x="170" y="138" width="44" height="18" rx="6" fill="{d}"/>"#,
            r#"<rect x="100" y="168" width="60" height="24" rx="10" fill="{d}" opacity=".3"/></g>"#,
        ),
        "tape-measure" => concat!(
            r#"<rect x="262" y="228" width="80" height="26" fill="hsl(48,90%,58%)" stroke="{d}" stroke-width="4"/>"#,
            r#"<path d="M278 228v10M294 228v14M310 228v10M326 228v14" stroke="{d}" stroke-width="3"/>"#,
            r#"<rect x="338" y="220" width="10" height="42" rx="2" fill="{d}"/>"#,
            r#"<rect x="90" y="80" width="180" height="180" rx="36" fill="{a}" stroke="{d}" stroke-width="6"/>"#,
            r#"<circle cx="180" cy="170" r="52" fill="{l}" stroke="{d}" stroke-width="6"/>"#,
            r#"<circle cx="180" cy="170" r="14" fill="{d}"/>"#,
        ),
        "level" => concat!(
            r#"<rect x="40" y="140" width="320" height="80" rx="10" fill="{a}" stroke="{d}" stroke-width="6"/>"#,
            r#"<rect x="62" y="165" width="56" height="30" rx="8" fill="{d}" opacity=".3"/>"#,
            r#"<rect x="282" y="165" width="56" height="30" rx="8" fill="{d}" opacity=".3"/>"#,
            r#"<rect x="160" y="155" width="80" height="50" rx="8" fill="{b}" stroke="{d}" stroke-width="4"/>"#,
            r#"<rect x="170" y="168" width="60" height="24" rx="12" fill="hsl(90,70%,62%)"/>"#,
            r#"<circle cx="200" cy="180" r="9" fill="white" opacity=".85"/>"#,
            r#"<path d="M186 160v40M214 160v40" stroke="{d}" stroke-width="3"/>"#,
        ),
        "hammer" => concat!(
            r#"<rect x="186" y="110" width="28" height="210" rx="12" fill="{a}"/>"#,
            r#"<rect x="182" y="232" width="36" height="95" rx="14" fill="{d}"/>"#,
            r#"<path d="M296 72l38-20M296 106l38 20" stroke="{d}" stroke-width="12" stroke-linecap="round"/>"#,
            r#"<rect x="110" y="62" width="190" height="54" rx="8" fill="{m}" stroke="{d}" stroke-width="5"/>"#,
            r#"<rect x="92" y="54" width="34" height="70" rx="6" fill="{d}"/>"#,
        ),
        "glove" => concat!(
            r#"<g fill="{m}" stroke="{d}" stroke-width="5">"#,
            r#"<rect x="132" y="72" width="32" height="110" rx="16"/>"#,
            r#"<rect x="168" y="50" width="32" height="130" rx="16"/>"#,
            r#"<rect x="204" y="56" width="32" height="124" rx="16"/>"#,
            r#"<rect x="240" y="82" width="30" height="100" rx="15"/>"#,
            r#"<rect x="80" y="150" width="34" height="100" rx="17" transform="rotate(-40 97 200)"/>"#,
            r#"<rect x="128" y="140" width="146" height="140" rx="30"/></g>"#,
            r#"<rect x="134" y="270" width="134" height="46" rx="8" fill="{a}" stroke="{d}" stroke-width="5"/>"#,
        ),
        "goggles" => concat!(
            r#"<path d="M60 170h280" stroke="{d}" stroke-width="14" stroke-linecap="round"/>"#,
            r#"<rect x="90" y="115" width="220" height="110" rx="50" fill="{a}" stroke="{d}" stroke-width="6"/>"#,
            r#"<ellipse cx="152" cy="170" rx="44" ry="36" fill="{l}"/>"#,
            r#"<ellipse cx="248" cy="170" rx="44" ry="36" fill="{l}"/>"#,
            r#"<path d="M128 156q10-14 30-14M224 156q10-14 30-14" stroke="white" stroke-width="6" fill="none" "#,
            r#"stroke-linecap="round"/>"#,
        ),
        "earmuffs" => concat!(
            r#"<path d="M120 200v-30a80 80 0 0 1 160 0v30" fill="none" stroke="{d}" stroke-width="18" "#,
            r#"stroke-linecap="round"/>"#,
            r#"<rect x="84" y="170" width="64" height="120" rx="28" fill="{a}" stroke="{d}" stroke-width="6"/>"#,
            r#"<rect x="252" y="170" width="64" height="120" rx="28" fill="{a}" stroke="{d}" stroke-width="6"/>"#,
            r#"<rect x="138" y="190" width="16" height="80" rx="8" fill="{d}"/>"#,
            r#"<rect x="246" y="190" width="16" height="80" rx="8" fill="{d}"/>"#,
        ),
        "helmet" => concat!(
            r#"<path d="M105 240v-30a95 105 0 0 1 190 0v30z" fill="{a}" stroke="{d}" stroke-width="6" "#,
            r#"stroke-linejoin="round"/><path d="M200 108v130" stroke="{d}" stroke-width="16" opacity=".2"/>"#,
            r#"<rect x="70" y="236" width="260" height="24" rx="12" fill="{a}" stroke="{d}" stroke-width="6"/>"#,
        ),
        "vest" => concat!(
            r#"<path d="M135 60h40l25 80l25-80h40q0 60 40 90l-8 170h-194l-8-170q40-30 40-90z" "#,
            r#"fill="hsl(68,95%,55%)" stroke="{d}" stroke-width="6" stroke-linejoin="round"/>"#,
            r#"<rect x="99" y="215" width="202" height="20" fill="hsl(210,16%,86%)"/>"#,
            r#"<rect x="101" y="265" width="198" height="20" fill="hsl(210,16%,86%)"/>"#,
            r#"<path d="M200 140v180" stroke="{d}" stroke-width="4"/>"#,
        ),
        "mask" => concat!(
            r#"<path d="M60 175q70-30 100-10M340 175q-70-30-100-10" fill="none" stroke="{d}" stroke-width="8"/>"#,
            r#"<path d="M120 150q80-60 160 0q10 80-80 130q-90-50-80-130z" fill="{l}" stroke="{d}" "#,
            r#"stroke-width="6" stroke-linejoin="round"/><path d="M200 112v164" stroke="{m}" stroke-width="5"/>"#,
            r#"<circle cx="244" cy="200" r="26" fill="{a}" stroke="{d}" stroke-width="5"/>"#,
            r#"<path d="M232 200h24M244 188v24" stroke="{d}" stroke-width="4"/>"#,
        ),
        "box" => concat!(
            r#"<g stroke="{d}" stroke-width="5" stroke-linejoin="round">"#,
            r#"<polygon points="200,60 330,115 200,170 70,115" fill="{l}"/>"#,
            r#"<polygon points="70,115 200,170 200,315 70,260" fill="{m}"/>"#,
            r#"<polygon points="200,170 330,115 330,260 200,315" fill="{s}"/></g>"#,
            r#"<path d="M135 87l130 55v50" fill="none" stroke="{a}" stroke-width="16" opacity=".75"/>"#,
        ),
        "tape" => concat!(
            r#"<path d="M290 240l46 70h-44l-30-36z" fill="{a}" "#,
            r#"stroke="{d}" stroke-width="5" stroke-linejoin="round"/>"#,
            r#"<circle cx="200" cy="175" r="115" fill="{a}" stroke="{d}" stroke-width="6"/>"#,
            r#"<circle cx="200" cy="175" r="62" fill="{l}" stroke="{d}" stroke-width="6"/>"#,
            r#"<circle cx="200" cy="175" r="46" fill="{b}" stroke="{d}" stroke-width="4"/>"#,
        ),
        "film" => concat!(
            r#"<rect x="186" y="40" width="28" height="290" rx="6" fill="{d}"/>"#,
            r#"<path d="M120 80v200a80 22 0 0 0 160 0v-200z" fill="{l}" opacity=".9" "#,
            r#"stroke="{d}" stroke-width="5"/>"#,
            r#"<path d="M145 110v160M165 105v170" stroke="white" stroke-width="8" opacity=".7"/>"#,
            r#"<ellipse cx="200" cy="80" rx="80" ry="22" fill="{m}" stroke="{d}" stroke-width="5"/>"#,
            r#"<ellipse cx="200" cy="80" rx="16" ry="6" fill="{d}"/>"#,
        ),
        "label" => concat!(
            r#"<rect x="110" y="50" width="180" height="266" rx="10" fill="white" stroke="{d}" stroke-width="5"/>"#,
            r#"<g fill="{l}" stroke="{m}" stroke-width="3">"#,
            r#"<rect x="126" y="66" width="68" height="50" rx="8"/>"#,
            r#"<rect x="206" y="66" width="68" height="50" rx="8"/>"#,
            r#"<rect x="126" y="128" width="68" height="50" rx="8"/>"#,
            r#"<rect x="206" y="128" width="68" height="50" rx="8"/>"#,
            r#"<rect x="126" y="190" width="68" height="50" rx="8"/>"#,
            r#"<rect x="206" y="190" width="68" height="50" rx="8"/>"#,
            r#"<rect x="126" y="252" width="68" height="50" rx="8"/>"#,
            r#"<rect x="206" y="252" width="68" height="50" rx="8"/>"#,
            r#"</g><path d="M136 80h40M136 92h28M136 104h34" stroke="{d}" stroke-width="4"/>"#,
        ),
        "sealant" => concat!(
            r#"<path d="M188 108l8-72h8l8 72z" fill="{l}" stroke="{d}" stroke-width="5" stroke-linejoin="round"/>"#,
            r#"<rect x="176" y="100" width="48" height="16" rx="4" fill="{d}"/>"#,
            r#"<rect x="150" y="112" width="100" height="200" rx="12" fill="{a}" stroke="{d}" stroke-width="6"/>"#,
            r#"<rect x="162" y="160" width="76" height="90" rx="6" fill="{b}"/>"#,
            r#"<path d="M174 185h52M174 205h36M174 225h44" stroke="{m}" stroke-width="8" stroke-linecap="round"/>"#,
            r#"<rect x="150" y="296" width="100" height="18" rx="4" fill="{d}"/>"#,
        ),
        "bottle" => concat!(
            r#"<path d="M186 62l10-28h8l10 28z" fill="{d}"/>"#,
            r#"<rect x="170" y="60" width="60" height="52" rx="8" fill="{d}"/>"#,
            r#"<rect x="140" y="108" width="120" height="204" rx="28" fill="{a}" stroke="{d}" stroke-width="6"/>"#,
            r#"<rect x="156" y="170" width="88" height="90" rx="8" fill="{b}"/>"#,
            r#"<path d="M170 195h60M170 215h40M170 235h50" stroke="{m}" stroke-width="8" stroke-linecap="round"/>"#,
        ),
        "can" => concat!(
            r#"<rect x="184" y="40" width="32" height="28" rx="6" fill="{d}"/>"#,
            r#"<path d="M140 112q0-42 60-46q60 4 60 46z" fill="{m}" stroke="{d}" stroke-width="5"/>"#,
            r#"<rect x="140" y="100" width="120" height="212" rx="14" fill="{a}" stroke="{d}" stroke-width="6"/>"#,
            r#"<rect x="143" y="170" width="114" height="70" fill="{l}"/>"#,
            r#"<path d="M165 195h70M165 215h46" stroke="{s}" stroke-width="8" stroke-linecap="round"/>"#,
        ),
        _ => concat!(
            r#"<rect x="110" y="80" width="180" height="180" rx="28" fill="{m}" stroke="{d}" stroke-width="6"/>"#,
            r#"<circle cx="200" cy="170" r="44" fill="{l}" stroke="{d}" stroke-width="6"/>"#,
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every kind with its own drawing; the tests walk them all so a new kind cannot slip past the size cap.
    const KINDS: &[&str] = &[
        "bolt",
        "nut",
        "washer",
        "screw",
        "anchor",
        "rivet",
        "wrench",
        "screwdriver",
        "pliers",
        "knife",
        "tape-measure",
        "level",
        "hammer",
        "glove",
        "goggles",
        "earmuffs",
        "helmet",
        "vest",
        "mask",
        "box",
        "tape",
        "film",
        "label",
        "sealant",
        "bottle",
        "can",
        "unknown-kind",
    ];

    #[test]
    fn is_an_svg_document_with_the_label() {
        for kind in KINDS {
            let svg = product_svg(kind, "M8 × 40", 210);
            assert!(svg.starts_with("<svg"), "{kind}");
            assert!(svg.ends_with("</svg>"), "{kind}");
            assert!(
                svg.contains(r#"xmlns="http://www.w3.org/2000/svg""#),
                "{kind}"
            );
            assert!(svg.contains(r#"viewBox="0 0 400 400""#), "{kind}");
            assert!(svg.contains(">M8 × 40</text>"), "{kind}");
            assert!(!svg.contains('{'), "unreplaced colour token in {kind}");
        }
    }

    #[test]
    fn label_is_escaped() {
        let svg = product_svg("bolt", r#"<&> "a" 'b'"#, 10);
        assert!(svg.contains("&lt;&amp;&gt; &quot;a&quot; &apos;b&apos;"));
        assert!(!svg.contains("<&>"));
    }

    #[test]
    fn every_kind_stays_small() {
        for kind in KINDS {
            for hue in [0, 123, 359, 720] {
                let svg = product_svg(kind, "Double-Wall 600 × 400 × 400", hue);
                assert!(svg.len() < 3000, "{kind} is {} bytes", svg.len());
            }
        }
    }

    #[test]
    fn distinct_kinds_draw_differently() {
        assert_ne!(product_svg("bolt", "x", 0), product_svg("nut", "x", 0));
        assert_eq!(
            product_svg("no-such-kind", "x", 0),
            product_svg("other", "x", 0)
        );
    }
}

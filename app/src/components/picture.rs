//! An image as pages show it: an uploaded one with its widths (`srcset`, with a WebP source where that is smaller)
//! and its proportions in `width` and `height`, so nothing shifts when it arrives; a generated one as it is.

use leptos::prelude::*;

/// One image at `width` CSS pixels (its height follows from its proportions), with `sizes` for the browser's
/// choice among its widths.
#[component]
pub fn Picture(
    /// The image.
    image: domain::Image,
    /// The width it is laid out at, in CSS pixels.
    width: u32,
    /// How wide it shows at each viewport (`(max-width: 600px) 50vw, 240px`).
    sizes: &'static str,
    /// Its alt text; empty where a link beside it already names it.
    #[prop(into)]
    alt: String,
    /// Whether it is the page's main image, loaded first.
    #[prop(optional)]
    first: bool,
) -> impl IntoView {
    let height = image.height_at(width);
    let srcset = image.srcset(false);
    let webp = image.webp.then(|| image.srcset(true));
    let img = view! {
        <img
            src=image.url.clone()
            srcset=(!srcset.is_empty()).then_some(srcset)
            sizes=(!image.widths.is_empty()).then_some(sizes)
            alt=alt
            width=width.to_string()
            height=height.to_string()
            fetchpriority=if first { "high" } else { "auto" }
            loading=if first { "eager" } else { "lazy" }
            decoding="async"
        />
    };
    match webp {
        Some(webp) => view! {
            <picture>
                <source type="image/webp" srcset=webp sizes=sizes />
                {img}
            </picture>
        }
        .into_any(),
        None => img.into_any(),
    }
}

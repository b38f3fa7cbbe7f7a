//! An uploaded image, checked by what it holds rather than its name, and made once into the widths pages ask for,
//! each with a WebP beside it where that is smaller.

use std::io::Cursor;

use domain::DomainError;
use image::{DynamicImage, ImageFormat, ImageReader, imageops::FilterType};

/// The largest upload accepted.
pub const MAX_UPLOAD_BYTES: usize = 20 * 1024 * 1024;
/// The most pixels an upload may have: decoding more would take the server's memory, not the buyer's page.
pub const MAX_PIXELS: u64 = 40_000_000;
/// The widths made of every image (those below its own width, and its own).
pub const WIDTHS: [u32; 3] = [320, 640, 1280];

/// One stored file of an image.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendition {
    /// Its width in pixels.
    pub width: u32,
    /// `jpg`, `png` or `webp`.
    pub extension: &'static str,
    /// Its bytes.
    pub bytes: Vec<u8>,
}

/// An upload made ready to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PreparedImage {
    /// The original's width.
    pub width: u32,
    /// The original's height.
    pub height: u32,
    /// `jpg` or `png`: the format the widths keep.
    pub extension: &'static str,
    /// The widths made, smallest first.
    pub widths: Vec<u32>,
    /// Every file: each width in the original's format, and as WebP where that is smaller.
    pub renditions: Vec<Rendition>,
    /// Whether every width has a WebP beside it.
    pub webp: bool,
}

fn refused(message: impl Into<String>) -> DomainError {
    DomainError::new("file", message)
}

/// Checks `bytes` and makes the widths: refuses what is not a JPEG, PNG or WebP image by its content, SVG (it
/// can carry script), more than 20 MB and more than 40 megapixels, each with a message that says which.
pub fn prepare(bytes: &[u8]) -> Result<PreparedImage, DomainError> {
    if bytes.len() > MAX_UPLOAD_BYTES {
        return Err(refused(format!(
            "the file has {:.1} MB; images up to 20 MB are accepted",
            bytes.len() as f64 / 1_048_576.0
        )));
    }
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(512)]).to_ascii_lowercase();
    if head.contains("<svg") || head.trim_start().starts_with("<?xml") {
        return Err(refused(
            "SVG files are not accepted: they can carry script; upload a PNG, JPEG or WebP",
        ));
    }
    let reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|_| refused("the file could not be read"))?;
    let format = reader.format();
    let extension = match format {
        Some(ImageFormat::Jpeg) => "jpg",
        Some(ImageFormat::Png) => "png",
        // A WebP upload is kept as PNG widths (lossless) with WebP beside them.
        Some(ImageFormat::WebP) => "png",
        _ => {
            return Err(refused(
                "the file is not a PNG, JPEG or WebP image, whatever its name says",
            ));
        }
    };
    let (width, height) = reader
        .into_dimensions()
        .map_err(|_| refused("the image is damaged: its size cannot be read"))?;
    let pixels = u64::from(width) * u64::from(height);
    if pixels > MAX_PIXELS {
        return Err(refused(format!(
            "the image has {:.1} megapixels ({width} × {height}); up to 40 are accepted",
            pixels as f64 / 1_000_000.0
        )));
    }
    if width == 0 || height == 0 {
        return Err(refused("the image has no pixels"));
    }
    let image = image::load_from_memory_with_format(bytes, format.unwrap_or(ImageFormat::Png))
        .map_err(|_| refused("the image is damaged and cannot be decoded"))?;
    let mut widths: Vec<u32> = WIDTHS.into_iter().filter(|w| *w < width).collect();
    if widths.len() < WIDTHS.len() {
        widths.push(width);
    }
    let mut renditions = Vec::new();
    let mut webp = true;
    for &w in &widths {
        let sized = if w == width {
            image.clone()
        } else {
            let h = (u64::from(height) * u64::from(w)).div_ceil(u64::from(width)) as u32;
            image.resize_exact(w, h.max(1), FilterType::Lanczos3)
        };
        let original = encode(&sized, extension)?;
        let small = encode(&sized, "webp")?;
        if small.len() < original.len() {
            renditions.push(Rendition {
                width: w,
                extension: "webp",
                bytes: small,
            });
        } else {
            webp = false;
        }
        renditions.push(Rendition {
            width: w,
            extension,
            bytes: original,
        });
    }
    if !webp {
        renditions.retain(|r| r.extension != "webp");
    }
    Ok(PreparedImage {
        width,
        height,
        extension,
        widths,
        renditions,
        webp,
    })
}

fn encode(image: &DynamicImage, extension: &str) -> Result<Vec<u8>, DomainError> {
    let mut out = Cursor::new(Vec::new());
    let written = match extension {
        "jpg" => image.to_rgb8().write_to(&mut out, ImageFormat::Jpeg),
        "webp" => image.to_rgba8().write_to(&mut out, ImageFormat::WebP),
        _ => image.write_to(&mut out, ImageFormat::Png),
    };
    written.map_err(|e| refused(format!("the image could not be written: {e}")))?;
    Ok(out.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(width: u32, height: u32) -> Vec<u8> {
        let image = image::RgbImage::from_fn(width, height, |x, y| {
            image::Rgb([(x % 256) as u8, (y % 256) as u8, 128])
        });
        let mut out = Cursor::new(Vec::new());
        image.write_to(&mut out, ImageFormat::Png).unwrap();
        out.into_inner()
    }

    /// The PNG chunk checksum (CRC-32, as zlib computes it).
    fn crc32(bytes: &[u8]) -> u32 {
        let mut crc = 0xFFFF_FFFFu32;
        for &b in bytes {
            crc ^= u32::from(b);
            for _ in 0..8 {
                crc = if crc & 1 == 1 {
                    (crc >> 1) ^ 0xEDB8_8320
                } else {
                    crc >> 1
                };
            }
        }
        !crc
    }

    #[test]
    fn an_image_is_made_into_the_widths_below_its_own() {
        let prepared = prepare(&png(800, 400)).unwrap();
        assert_eq!((prepared.width, prepared.height), (800, 400));
        assert_eq!(prepared.widths, [320, 640, 800]);
        assert_eq!(prepared.extension, "png");
        for w in [320, 640, 800] {
            let file = prepared
                .renditions
                .iter()
                .find(|r| r.width == w && r.extension == "png")
                .expect("every width in the original's format");
            let read = image::load_from_memory(&file.bytes).unwrap();
            assert_eq!(read.width(), w);
            assert_eq!(read.height(), w / 2);
        }
        let large = prepare(&png(1400, 100)).unwrap();
        assert_eq!(large.widths, [320, 640, 1280]);
    }

    #[test]
    fn what_is_not_an_image_svg_and_too_much_are_refused_by_content() {
        let error = prepare(b"%PDF-1.7 not an image at all").unwrap_err();
        assert_eq!(error.field, "file");
        assert!(error.message.contains("not a PNG, JPEG or WebP"), "{error}");
        let svg = br#"<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>"#;
        assert!(prepare(svg).unwrap_err().message.contains("SVG"));
        let too_big = vec![0u8; MAX_UPLOAD_BYTES + 1];
        assert!(prepare(&too_big).unwrap_err().message.contains("20 MB"));
        // A PNG header that claims 8,000 × 6,000 pixels is refused before anything is decoded.
        let mut header = png(1, 1);
        header[16..20].copy_from_slice(&8_000u32.to_be_bytes());
        header[20..24].copy_from_slice(&6_000u32.to_be_bytes());
        let crc = crc32(&header[12..29]);
        header[29..33].copy_from_slice(&crc.to_be_bytes());
        assert!(prepare(&header).unwrap_err().message.contains("megapixels"));
    }
}

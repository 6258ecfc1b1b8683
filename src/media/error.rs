//! Why an upload was refused, in words an editor can act on.

use std::fmt;

use super::process::{MAX_DIMENSION, MAX_PIXELS};

/// Why [`process`](super::process) refused an upload. `Display` is a complete sentence meant
/// for the person who uploaded the file; every variant except [`Internal`](Self::Internal) is
/// the uploader's to fix (a 4xx, not a 5xx).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MediaError {
    /// The upload is bigger than the configured limit.
    TooLarge {
        /// The upload's size in bytes.
        size: u64,
        /// The limit in bytes.
        limit: u64,
    },
    /// The content is not a JPEG, PNG, WebP or GIF (whatever its name says).
    NotAnImage {
        /// What the content looks like instead, when that is recognisable: `empty`, `heic`,
        /// `pdf`, `tiff`, `svg` or `text`.
        hint: Option<&'static str>,
    },
    /// The image's dimensions exceed [`MAX_DIMENSION`] per side or [`MAX_PIXELS`] in total
    /// (or it would need more than [`MAX_DECODE_BYTES`](super::MAX_DECODE_BYTES) to decode).
    /// Refused from the header alone, before anything is allocated for the pixels.
    TooManyPixels {
        /// Width the file declares.
        width: u32,
        /// Height the file declares.
        height: u32,
    },
    /// An animated GIF has more frames than can be processed at its size.
    TooManyFrames {
        /// Width of the animation.
        width: u32,
        /// Height of the animation.
        height: u32,
        /// The most frames accepted at this size.
        limit: usize,
    },
    /// The file starts like an image but cannot be decoded: truncated or damaged.
    Corrupt(String),
    /// The file is a valid image that uses a feature the decoder does not support
    /// (e.g. an unusual JPEG coding process or colour model).
    Unsupported(String),
    /// Re-encoding failed: a bug or resource problem on our side, not the uploader's.
    Internal(String),
}

impl std::error::Error for MediaError {}

impl MediaError {
    /// What to tell the uploader, in their language.
    pub fn msg(&self) -> crate::domain::Msg {
        use crate::domain::Msg;
        match self {
            MediaError::TooLarge { size, limit } => {
                let (size, limit) = human_pair(*size, *limit);
                Msg::new("error-media-too-large")
                    .arg("size", size)
                    .arg("limit", limit)
            }
            MediaError::NotAnImage { hint } => {
                Msg::new("error-media-not-image").arg("hint", hint.unwrap_or("none"))
            }
            MediaError::TooManyPixels { width, height } => Msg::new("error-media-pixels")
                .arg("width", *width)
                .arg("height", *height)
                .arg("side", MAX_DIMENSION)
                .arg("megapixels", MAX_PIXELS / 1_000_000),
            MediaError::TooManyFrames {
                width,
                height,
                limit,
            } => Msg::new("error-media-frames")
                .arg("width", *width)
                .arg("height", *height)
                .arg("limit", *limit),
            MediaError::Corrupt(detail) => {
                Msg::new("error-media-corrupt").arg("detail", detail.as_str())
            }
            MediaError::Unsupported(detail) => {
                Msg::new("error-media-unsupported").arg("detail", detail.as_str())
            }
            MediaError::Internal(detail) => {
                Msg::new("error-media-internal").arg("detail", detail.as_str())
            }
        }
    }
}

const ACCEPTED: &str = "Please upload a JPEG, PNG, WebP or GIF image.";

impl fmt::Display for MediaError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MediaError::TooLarge { size, limit } => {
                let (size, limit) = human_pair(*size, *limit);
                write!(f, "This file is {size}; the limit is {limit}.")
            }
            MediaError::NotAnImage { hint: Some(hint) } => {
                let hint = match *hint {
                    "empty" => "file is empty",
                    "heic" => {
                        "looks like a HEIC or AVIF photo (export or share it as JPEG instead)"
                    }
                    "pdf" => "looks like a PDF document",
                    "tiff" => "looks like a TIFF image (save it as JPEG or PNG instead)",
                    "svg" => "looks like an SVG drawing (export it as PNG instead)",
                    _ => "looks like a text file",
                };
                write!(
                    f,
                    "This file is not an image we can use: this {hint}. {ACCEPTED}"
                )
            }
            MediaError::NotAnImage { hint: None } => {
                write!(f, "This file is not an image we can use. {ACCEPTED}")
            }
            MediaError::TooManyPixels { width, height } => write!(
                f,
                "This image is {width} × {height} pixels, too large to process; the limit is \
                 {MAX_DIMENSION} pixels on a side and {} megapixels in total.",
                MAX_PIXELS / 1_000_000
            ),
            MediaError::TooManyFrames {
                width,
                height,
                limit,
            } => write!(
                f,
                "This animation has too many frames to process: at {width} × {height} pixels \
                 the limit is {limit} frames."
            ),
            MediaError::Corrupt(detail) => write!(
                f,
                "This image could not be read; the file is damaged or incomplete ({detail})."
            ),
            MediaError::Unsupported(detail) => write!(
                f,
                "This image uses a feature we cannot process ({detail}). Try saving it again as \
                 a standard JPEG or PNG."
            ),
            MediaError::Internal(detail) => {
                write!(f, "The image could not be processed ({detail}).")
            }
        }
    }
}

/// A byte count in human units: "512 B", "12.3 KB", "10.0 MB", "1.5 GB": unit symbols, the
/// same in every language (this text goes into English and Chinese messages alike).
///
/// Units are powers of 1024 (what operating systems show for file sizes), labelled KB, MB, GB.
pub fn human_size(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["KB", "MB", "GB", "TB"];
    if bytes < 1024 {
        return format!("{bytes} B");
    }
    let mut value = bytes as f64 / 1024.0;
    let mut unit = 0;
    while value >= 1024.0 && unit + 1 < UNITS.len() {
        value /= 1024.0;
        unit += 1;
    }
    // 1023.96 KB would print as "1024.0 KB": say "1.0 MB" instead.
    if format!("{value:.1}") == "1024.0" && unit + 1 < UNITS.len() {
        value /= 1024.0;
        unit += 1;
    }
    format!("{value:.1} {}", UNITS[unit])
}

/// Both sizes in human units, falling back to exact byte counts when rounding would make them
/// look equal ("10.0 MB; the limit is 10.0 MB" helps nobody).
fn human_pair(size: u64, limit: u64) -> (String, String) {
    let (a, b) = (human_size(size), human_size(limit));
    if a == b {
        (grouped_bytes(size), grouped_bytes(limit))
    } else {
        (a, b)
    }
}

fn grouped_bytes(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 6);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out.push_str(" B");
    out
}

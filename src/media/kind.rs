//! What an upload is (by its magic bytes) and which renditions of it exist.

use std::fmt;
use std::str::FromStr;

/// The image formats the media library accepts and produces.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ImageKind {
    /// JPEG (`FF D8 FF`).
    Jpeg,
    /// PNG (`89 50 4E 47 0D 0A 1A 0A`).
    Png,
    /// WebP (`RIFF` ⟨size⟩ `WEBP`).
    WebP,
    /// GIF (`GIF87a` or `GIF89a`), possibly animated.
    Gif,
}

impl ImageKind {
    /// Every kind, in the order formats are named to users.
    pub const ALL: [ImageKind; 4] = [
        ImageKind::Jpeg,
        ImageKind::Png,
        ImageKind::WebP,
        ImageKind::Gif,
    ];

    /// The MIME type to serve the file with, e.g. `image/jpeg`.
    pub fn content_type(self) -> &'static str {
        match self {
            ImageKind::Jpeg => "image/jpeg",
            ImageKind::Png => "image/png",
            ImageKind::WebP => "image/webp",
            ImageKind::Gif => "image/gif",
        }
    }

    /// The file extension used on disk, without the dot, e.g. `jpg`.
    pub fn extension(self) -> &'static str {
        match self {
            ImageKind::Jpeg => "jpg",
            ImageKind::Png => "png",
            ImageKind::WebP => "webp",
            ImageKind::Gif => "gif",
        }
    }

    /// The kind whose [`extension`](Self::extension) is `ext` (exactly, lowercase), if any.
    /// Meant for files this module wrote (e.g. a path from [`MediaStore::path`](super::MediaStore::path)),
    /// never for judging an upload.
    pub fn from_extension(ext: &str) -> Option<ImageKind> {
        ImageKind::ALL.into_iter().find(|k| k.extension() == ext)
    }

    /// The kind whose [`content_type`](Self::content_type) is `content_type`, if any.
    pub fn from_content_type(content_type: &str) -> Option<ImageKind> {
        ImageKind::ALL
            .into_iter()
            .find(|k| k.content_type() == content_type)
    }

    /// A short name for people: "JPEG", "PNG", "WebP", "GIF".
    pub fn name(self) -> &'static str {
        match self {
            ImageKind::Jpeg => "JPEG",
            ImageKind::Png => "PNG",
            ImageKind::WebP => "WebP",
            ImageKind::Gif => "GIF",
        }
    }
}

impl fmt::Display for ImageKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Recognises an image by its magic bytes alone. The file name (and any declared content
/// type) is never consulted: `None` means "not one of the accepted formats".
pub fn sniff(bytes: &[u8]) -> Option<ImageKind> {
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some(ImageKind::Jpeg)
    } else if bytes.starts_with(&[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A]) {
        Some(ImageKind::Png)
    } else if bytes.len() >= 12 && bytes.starts_with(b"RIFF") && &bytes[8..12] == b"WEBP" {
        Some(ImageKind::WebP)
    } else if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
        Some(ImageKind::Gif)
    } else {
        None
    }
}

/// A resized rendition of an upload, stored next to the stripped original.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Variant {
    /// For article bodies: fits within [`BODY_MAX_WIDTH`](super::BODY_MAX_WIDTH) pixels wide,
    /// never upscaled. For an animated GIF, the (stripped) animation itself.
    Body,
    /// For social cards and article headers: exactly
    /// [`COVER_WIDTH`](super::COVER_WIDTH)×[`COVER_HEIGHT`](super::COVER_HEIGHT), filled and
    /// cropped around the centre.
    Cover,
    /// For the media library grid: fits within
    /// [`THUMB_MAX_SIZE`](super::THUMB_MAX_SIZE)×[`THUMB_MAX_SIZE`](super::THUMB_MAX_SIZE).
    Thumb,
}

impl Variant {
    /// Every variant, in the order [`process`](super::process) produces them.
    pub const ALL: [Variant; 3] = [Variant::Body, Variant::Cover, Variant::Thumb];

    /// The name used in file names and URLs: `body`, `cover` or `thumb`.
    pub fn as_str(self) -> &'static str {
        match self {
            Variant::Body => "body",
            Variant::Cover => "cover",
            Variant::Thumb => "thumb",
        }
    }
}

impl fmt::Display for Variant {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The error of parsing a [`Variant`] from a name that is not one.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown image variant (expected body, cover or thumb)")]
pub struct UnknownVariant;

impl FromStr for Variant {
    type Err = UnknownVariant;

    /// Parses exactly `body`, `cover` or `thumb` (lowercase).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Variant::ALL
            .into_iter()
            .find(|v| v.as_str() == s)
            .ok_or(UnknownVariant)
    }
}

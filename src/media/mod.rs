//! Media library: image uploads by editors, which may be hostile.
//!
//! [`process`] recognises an upload by its content (never its name), refuses anything that is
//! not a JPEG, PNG, WebP or GIF, decodes it under hard limits (so a decompression bomb costs
//! nothing), applies the EXIF orientation, re-encodes it without any metadata (EXIF, XMP, ICC,
//! comments, application extensions) and makes the resized [`Variant`]s articles use.
//! [`MediaStore`] keeps the results on disk under the upload's SHA-256.
//!
//! No web routes and no database here: `process` is synchronous and CPU-bound (run it on a
//! blocking thread), the store does plain file I/O.

#![warn(missing_docs)]

mod error;
mod kind;
mod process;
mod store;

#[cfg(test)]
mod tests;

pub use error::{MediaError, human_size};
pub use kind::{ImageKind, UnknownVariant, Variant, sniff};
pub use process::{
    BODY_MAX_WIDTH, COVER_HEIGHT, COVER_WIDTH, MAX_DECODE_BYTES, MAX_DIMENSION, MAX_FRAMES,
    MAX_PIXELS, Processed, THUMB_MAX_SIZE, process, sha256_hex,
};
pub use store::MediaStore;

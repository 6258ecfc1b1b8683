//! Decoding under limits, metadata stripping and resized variants.

use std::io::Cursor;

use image::codecs::gif::{GifDecoder, GifEncoder, Repeat};
use image::codecs::jpeg::{JpegDecoder, JpegEncoder};
use image::codecs::png::{CompressionType, FilterType as PngFilter, PngDecoder, PngEncoder};
use image::codecs::webp::{WebPDecoder, WebPEncoder};
use image::imageops::FilterType;
use image::metadata::{LoopCount, Orientation};
use image::{
    AnimationDecoder, ColorType, DynamicImage, Frame, GenericImageView, ImageDecoder, ImageError,
    Limits, RgbaImage,
};
use sha2::{Digest, Sha256};

use super::error::MediaError;
use super::kind::{ImageKind, Variant, sniff};

/// Largest accepted width or height, in pixels.
pub const MAX_DIMENSION: u32 = 16_384;
/// Largest accepted image, in pixels (width × height).
pub const MAX_PIXELS: u64 = 64_000_000;
/// Most memory a decoder may allocate for one upload's pixels (all frames of an animation
/// together). Dimensions are checked against this before any pixel buffer is allocated.
pub const MAX_DECODE_BYTES: u64 = 256 * 1024 * 1024;
/// Most frames accepted in an animated GIF, whatever its size.
pub const MAX_FRAMES: usize = 1_000;
/// [`Variant::Body`] fits within this many pixels wide.
pub const BODY_MAX_WIDTH: u32 = 1280;
/// Width of [`Variant::Cover`].
pub const COVER_WIDTH: u32 = 1200;
/// Height of [`Variant::Cover`].
pub const COVER_HEIGHT: u32 = 630;
/// [`Variant::Thumb`] fits within a square this many pixels on a side.
pub const THUMB_MAX_SIZE: u32 = 320;

/// Progressive JPEGs have about ten scans; thousands make decoding crawl (a known DoS).
const MAX_JPEG_SCANS: usize = 256;
const ORIGINAL_JPEG_QUALITY: u8 = 88;
const VARIANT_JPEG_QUALITY: u8 = 85;
/// NeuQuant speed for GIF frames with more than 256 colours (frames with fewer keep their
/// exact palette). 10 is the gif crate's recommended balance.
const GIF_QUANTIZE_SPEED: i32 = 10;
const RESIZE_FILTER: FilterType = FilterType::Lanczos3;

/// An accepted upload: its identity, the stripped original and its variants.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Processed {
    /// SHA-256 of the bytes as uploaded, lowercase hex (64 characters). Stable across
    /// uploads of the same file, so each upload is stored once.
    pub sha256: String,
    /// Format of the upload, which is also the format of [`original`](Self::original).
    pub kind: ImageKind,
    /// Width after the EXIF orientation was applied.
    pub width: u32,
    /// Height after the EXIF orientation was applied.
    pub height: u32,
    /// The upload re-encoded at full size without any metadata, orientation applied.
    pub original: Vec<u8>,
    /// The resized renditions, one per [`Variant`] in [`Variant::ALL`] order, each with the
    /// format it is encoded in.
    pub variants: Vec<(Variant, ImageKind, Vec<u8>)>,
}

impl Processed {
    /// The encoded bytes of one variant and their format.
    pub fn variant(&self, variant: Variant) -> Option<(ImageKind, &[u8])> {
        self.variants
            .iter()
            .find(|(v, _, _)| *v == variant)
            .map(|(_, kind, bytes)| (*kind, bytes.as_slice()))
    }
}

/// SHA-256 of `bytes` as lowercase hex: the key an upload is stored under. Cheap next to
/// [`process`], so a caller can look for an existing copy first.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// Checks, decodes, strips and resizes one upload.
///
/// In order: the size against `max_bytes` ([`MediaError::TooLarge`]), the magic bytes
/// ([`MediaError::NotAnImage`]), the declared dimensions ([`MediaError::TooManyPixels`],
/// before any pixel memory is allocated), then decoding under [`image::Limits`]
/// ([`MediaError::Corrupt`] for damaged data).
///
/// The EXIF orientation is applied to the pixels, and everything is re-encoded from pixels, so
/// no metadata survives: JPEG as JPEG (quality 88), PNG as PNG, WebP as lossless WebP, GIF as
/// GIF (animation, frame delays and loop count kept; comments and application extensions
/// dropped). Colour profiles are dropped, not converted. Animated WebP and APNG keep only their
/// first frame.
///
/// Variants are JPEG when the image has no transparent pixel and PNG when it has one, except
/// that [`Variant::Body`] reuses the stripped original when that is already narrow enough and a
/// JPEG or PNG, and always for an animated GIF.
///
/// Synchronous and CPU-bound: call it from a blocking thread.
pub fn process(bytes: &[u8], max_bytes: u64) -> Result<Processed, MediaError> {
    let size = u64::try_from(bytes.len()).unwrap_or(u64::MAX);
    if size > max_bytes {
        return Err(MediaError::TooLarge {
            size,
            limit: max_bytes,
        });
    }
    let kind = sniff(bytes).ok_or_else(|| MediaError::NotAnImage {
        hint: not_an_image_hint(bytes),
    })?;
    let sha256 = sha256_hex(bytes);

    let (width, height, original, variants) = match decode(bytes, kind)? {
        Decoded::Still(image) => {
            let (width, height) = image.dimensions();
            let original = encode_original(&image, kind)?;
            let reuse = (width <= BODY_MAX_WIDTH
                && matches!(kind, ImageKind::Jpeg | ImageKind::Png))
            .then_some((kind, original.as_slice()));
            let variants = variants(Canvas::new(image), reuse)?;
            (width, height, original, variants)
        }
        Decoded::Animated { frames, loop_count } => {
            let first = frames
                .first()
                .map(|frame| frame.buffer().clone())
                .ok_or_else(|| MediaError::Corrupt("the animation has no frames".into()))?;
            let (width, height) = first.dimensions();
            let original = encode_animation(frames, loop_count)?;
            let canvas = Canvas::new(DynamicImage::ImageRgba8(first));
            let variants = variants(canvas, Some((ImageKind::Gif, original.as_slice())))?;
            (width, height, original, variants)
        }
    };

    Ok(Processed {
        sha256,
        kind,
        width,
        height,
        original,
        variants,
    })
}

// ---------------------------------------------------------------------------------------------
// Refusals

/// What a refused upload looks like, for [`MediaError::NotAnImage`].
fn not_an_image_hint(bytes: &[u8]) -> Option<&'static str> {
    if bytes.is_empty() {
        return Some("empty");
    }
    if bytes.len() >= 12 && &bytes[4..8] == b"ftyp" {
        let brand = &bytes[8..12];
        if [
            b"heic", b"heix", b"hevc", b"heim", b"heis", b"mif1", b"msf1", b"avif", b"avis",
        ]
        .iter()
        .any(|b| brand == b.as_slice())
        {
            return Some("heic");
        }
    }
    if bytes.starts_with(b"%PDF-") {
        return Some("pdf");
    }
    if bytes.starts_with(b"II*\0") || bytes.starts_with(b"MM\0*") {
        return Some("tiff");
    }
    let text = text_prefix(bytes)?;
    if text.to_ascii_lowercase().contains("<svg") {
        Some("svg")
    } else {
        Some("text")
    }
}

/// The first few KB of `bytes` if they are plausibly text: UTF-8 (a character cut at the end of
/// the sample is fine) without control characters other than whitespace.
fn text_prefix(bytes: &[u8]) -> Option<&str> {
    let head = &bytes[..bytes.len().min(4096)];
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let text = match std::str::from_utf8(head) {
        Ok(text) => text,
        Err(e) if e.error_len().is_none() => std::str::from_utf8(&head[..e.valid_up_to()]).ok()?,
        Err(_) => return None,
    };
    let plausible = !text.trim().is_empty()
        && text
            .chars()
            .all(|c| !c.is_control() || matches!(c, '\n' | '\r' | '\t' | '\u{c}'));
    plausible.then_some(text)
}

/// Refuses dimensions that are too large before anything is allocated for the pixels.
fn check_dimensions(width: u32, height: u32, bytes_per_pixel: u64) -> Result<(), MediaError> {
    if width == 0 || height == 0 {
        return Err(MediaError::Corrupt("the image has no pixels".into()));
    }
    let pixels = u64::from(width) * u64::from(height);
    if width > MAX_DIMENSION
        || height > MAX_DIMENSION
        || pixels > MAX_PIXELS
        || pixels.saturating_mul(bytes_per_pixel) > MAX_DECODE_BYTES
    {
        return Err(MediaError::TooManyPixels { width, height });
    }
    Ok(())
}

fn decoder_limits() -> Limits {
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_DIMENSION);
    limits.max_image_height = Some(MAX_DIMENSION);
    limits.max_alloc = Some(MAX_DECODE_BYTES);
    limits
}

/// Maps a decoder's error once the declared dimensions are known.
fn decode_error(error: ImageError, width: u32, height: u32) -> MediaError {
    match error {
        ImageError::Limits(_) => MediaError::TooManyPixels { width, height },
        other => header_error(other),
    }
}

/// Maps an error from reading the headers, before the dimensions are known.
fn header_error(error: ImageError) -> MediaError {
    match error {
        ImageError::Unsupported(e) => MediaError::Unsupported(e.to_string()),
        ImageError::Encoding(e) => MediaError::Internal(e.to_string()),
        // Limits here means a header structure (text chunk, profile) wanted too much memory.
        ImageError::Limits(e) => MediaError::Corrupt(e.to_string()),
        // Decoding errors, unexpected end of data, frames missing.
        other => MediaError::Corrupt(other.to_string()),
    }
}

fn encode_error(error: ImageError) -> MediaError {
    MediaError::Internal(error.to_string())
}

// ---------------------------------------------------------------------------------------------
// Decoding

enum Decoded {
    Still(DynamicImage),
    Animated {
        frames: Vec<Frame>,
        loop_count: LoopCount,
    },
}

fn decode(bytes: &[u8], kind: ImageKind) -> Result<Decoded, MediaError> {
    let reader = Cursor::new(bytes);
    let image = match kind {
        ImageKind::Jpeg => {
            let decoder = JpegDecoder::new(reader).map_err(header_error)?;
            // The JPEG decoder fills in whatever is missing from a truncated file with grey.
            check_jpeg_structure(bytes)?;
            decode_still(decoder)?
        }
        ImageKind::Png => {
            // The PNG decoder takes its limits at construction; the dimension limits are
            // checked right after by `decode_still`, with a clearer error than the crate's.
            let mut limits = Limits::default();
            limits.max_alloc = Some(MAX_DECODE_BYTES);
            decode_still(PngDecoder::with_limits(reader, limits).map_err(header_error)?)?
        }
        ImageKind::WebP => decode_still(WebPDecoder::new(reader).map_err(header_error)?)?,
        ImageKind::Gif => return decode_gif(GifDecoder::new(reader).map_err(header_error)?),
    };
    Ok(Decoded::Still(image))
}

/// Walks the JPEG's segments and entropy-coded scans up to the end-of-image marker, to tell a
/// complete file from a truncated one (which the decoder would silently pad with grey), and
/// refuses progressive files with so many scans that decoding them would take ages.
fn check_jpeg_structure(bytes: &[u8]) -> Result<(), MediaError> {
    let truncated =
        || MediaError::Corrupt("the JPEG data ends before the image is complete".into());
    let next_ff = |from: usize| {
        bytes
            .get(from..)
            .unwrap_or_default()
            .iter()
            .position(|&b| b == 0xFF)
            .ok_or_else(truncated)
    };
    let mut scans = 0;
    let mut pos = 2; // after SOI
    loop {
        // The next marker: 0xFF (any fill bytes), then its code.
        while bytes.get(pos) == Some(&0xFF) && bytes.get(pos + 1) == Some(&0xFF) {
            pos += 1;
        }
        match (bytes.get(pos), bytes.get(pos + 1)) {
            (Some(0xFF), Some(0xD9)) => return Ok(()),
            // Markers without a payload.
            (Some(0xFF), Some(0x01 | 0xD0..=0xD8)) => pos += 2,
            (Some(0xFF), Some(&marker)) => {
                let length = match bytes.get(pos + 2..pos + 4) {
                    Some(&[hi, lo]) => usize::from(u16::from_be_bytes([hi, lo])),
                    _ => return Err(truncated()),
                };
                if length < 2 {
                    return Err(MediaError::Corrupt(
                        "a JPEG segment has an invalid length".into(),
                    ));
                }
                pos += 2 + length;
                if pos > bytes.len() {
                    return Err(truncated());
                }
                if marker == 0xDA {
                    scans += 1;
                    if scans > MAX_JPEG_SCANS {
                        return Err(MediaError::Unsupported(format!(
                            "a JPEG with more than {MAX_JPEG_SCANS} progressive scans"
                        )));
                    }
                    // Entropy-coded data runs to the next marker that is neither a stuffed
                    // 0xFF00 nor a restart marker.
                    loop {
                        pos += next_ff(pos)?;
                        match bytes.get(pos + 1) {
                            None => return Err(truncated()),
                            Some(0x00 | 0xD0..=0xD7 | 0xFF) => pos += 1,
                            Some(_) => break,
                        }
                    }
                }
            }
            (None, _) | (Some(_), None) => return Err(truncated()),
            // Stray bytes between segments: tolerated, as decoders do.
            (Some(_), Some(_)) => pos += next_ff(pos)?,
        }
    }
}

fn decode_still(mut decoder: impl ImageDecoder) -> Result<DynamicImage, MediaError> {
    let (width, height) = decoder.dimensions();
    check_dimensions(
        width,
        height,
        u64::from(decoder.color_type().bytes_per_pixel()),
    )?;
    decoder
        .set_limits(decoder_limits())
        .map_err(|e| decode_error(e, width, height))?;
    // Unreadable EXIF is no reason to refuse the pixels; it is dropped anyway.
    let orientation = decoder.orientation().unwrap_or(Orientation::NoTransforms);
    let mut image =
        DynamicImage::from_decoder(decoder).map_err(|e| decode_error(e, width, height))?;
    image.apply_orientation(orientation);
    Ok(image)
}

fn decode_gif<R>(mut decoder: GifDecoder<R>) -> Result<Decoded, MediaError>
where
    R: std::io::BufRead + std::io::Seek,
{
    let (width, height) = decoder.dimensions();
    check_dimensions(width, height, 4)?;
    decoder
        .set_limits(decoder_limits())
        .map_err(|e| decode_error(e, width, height))?;
    let loop_count = decoder.loop_count();

    // Every decoded frame is a full RGBA canvas: bound their total size.
    let frame_bytes = u64::from(width) * u64::from(height) * 4;
    let limit = usize::try_from(MAX_DECODE_BYTES / frame_bytes)
        .unwrap_or(MAX_FRAMES)
        .clamp(1, MAX_FRAMES);
    let mut frames = Vec::new();
    for frame in decoder.into_frames() {
        let frame = frame.map_err(|e| decode_error(e, width, height))?;
        if frames.len() == limit {
            return Err(MediaError::TooManyFrames {
                width,
                height,
                limit,
            });
        }
        frames.push(frame);
    }
    match frames.len() {
        0 => Err(MediaError::Corrupt("the GIF has no frames".into())),
        1 => {
            let frame = frames.swap_remove(0);
            Ok(Decoded::Still(DynamicImage::ImageRgba8(
                frame.into_buffer(),
            )))
        }
        _ => Ok(Decoded::Animated { frames, loop_count }),
    }
}

// ---------------------------------------------------------------------------------------------
// Encoding the original

/// Re-encodes the full-size image in its own format. Encoders here write pixels and the bare
/// minimum of headers (JFIF, IHDR, …): no EXIF, XMP, ICC profile or comment is carried over.
fn encode_original(image: &DynamicImage, kind: ImageKind) -> Result<Vec<u8>, MediaError> {
    let mut out = Vec::new();
    match kind {
        ImageKind::Jpeg => image
            .write_with_encoder(JpegEncoder::new_with_quality(
                &mut out,
                ORIGINAL_JPEG_QUALITY,
            ))
            .map_err(encode_error)?,
        ImageKind::Png => image
            .write_with_encoder(png_encoder(&mut out))
            .map_err(encode_error)?,
        ImageKind::WebP => {
            let encoder = WebPEncoder::new_lossless(&mut out);
            match image.color() {
                ColorType::Rgb8 | ColorType::Rgba8 => image.write_with_encoder(encoder),
                _ if image.color().has_alpha() => {
                    DynamicImage::ImageRgba8(image.to_rgba8()).write_with_encoder(encoder)
                }
                _ => DynamicImage::ImageRgb8(image.to_rgb8()).write_with_encoder(encoder),
            }
            .map_err(encode_error)?
        }
        ImageKind::Gif => {
            let mut encoder = GifEncoder::new_with_speed(&mut out, GIF_QUANTIZE_SPEED);
            encoder
                .encode_frame(Frame::new(image.to_rgba8()))
                .map_err(encode_error)?;
            // Dropping the encoder writes the GIF trailer.
            drop(encoder);
        }
    }
    Ok(out)
}

fn png_encoder(out: &mut Vec<u8>) -> PngEncoder<&mut Vec<u8>> {
    PngEncoder::new_with_quality(out, CompressionType::Default, PngFilter::Adaptive)
}

fn encode_animation(frames: Vec<Frame>, loop_count: LoopCount) -> Result<Vec<u8>, MediaError> {
    let mut out = Vec::new();
    let mut encoder = GifEncoder::new_with_speed(&mut out, GIF_QUANTIZE_SPEED);
    let repeat = match loop_count {
        LoopCount::Infinite => Repeat::Infinite,
        LoopCount::Finite(n) => Repeat::Finite(u16::try_from(n.get()).unwrap_or(u16::MAX)),
    };
    encoder.set_repeat(repeat).map_err(encode_error)?;
    encoder.encode_frames(frames).map_err(encode_error)?;
    // Dropping the encoder writes the GIF trailer.
    drop(encoder);
    Ok(out)
}

// ---------------------------------------------------------------------------------------------
// Variants

/// 8-bit pixels ready for resampling: `Rgb8`, or `Rgba8` with premultiplied alpha when some
/// pixel is transparent, so that resampling does not bleed the colour of invisible pixels
/// into visible edges.
///
/// Resampling goes through `DynamicImage`'s methods rather than generic `imageops` calls: they
/// are compiled once inside the image crate (optimised even in this crate's debug builds).
#[derive(Clone)]
struct Canvas {
    image: DynamicImage,
    transparent: bool,
}

impl Canvas {
    fn new(image: DynamicImage) -> Canvas {
        if !image.color().has_alpha() {
            return Canvas::opaque(image);
        }
        let mut rgba = image.into_rgba8();
        if rgba.pixels().all(|p| p[3] == u8::MAX) {
            return Canvas::opaque(DynamicImage::ImageRgba8(rgba));
        }
        premultiply(&mut rgba);
        Canvas {
            image: DynamicImage::ImageRgba8(rgba),
            transparent: true,
        }
    }

    fn opaque(image: DynamicImage) -> Canvas {
        Canvas {
            image: DynamicImage::ImageRgb8(image.into_rgb8()),
            transparent: false,
        }
    }

    fn dimensions(&self) -> (u32, u32) {
        self.image.dimensions()
    }

    fn resize(&self, (width, height): (u32, u32)) -> Canvas {
        Canvas {
            image: self.image.resize_exact(width, height, RESIZE_FILTER),
            transparent: self.transparent,
        }
    }

    /// The centred region with the cover's aspect ratio, resampled to exactly the cover size.
    fn cover(&self) -> Canvas {
        let (width, height) = self.dimensions();
        let (x, y, w, h) = cover_crop(width, height);
        let region = if (w, h) == (width, height) {
            None
        } else {
            Some(self.image.crop_imm(x, y, w, h))
        };
        Canvas {
            image: region.as_ref().unwrap_or(&self.image).resize_exact(
                COVER_WIDTH,
                COVER_HEIGHT,
                RESIZE_FILTER,
            ),
            transparent: self.transparent,
        }
    }

    /// JPEG without transparency, PNG with it.
    fn encode(self) -> Result<(ImageKind, Vec<u8>), MediaError> {
        let mut out = Vec::new();
        if self.transparent {
            let mut rgba = self.image.into_rgba8();
            unpremultiply(&mut rgba);
            rgba.write_with_encoder(png_encoder(&mut out))
                .map_err(encode_error)?;
            Ok((ImageKind::Png, out))
        } else {
            self.image
                .write_with_encoder(JpegEncoder::new_with_quality(
                    &mut out,
                    VARIANT_JPEG_QUALITY,
                ))
                .map_err(encode_error)?;
            Ok((ImageKind::Jpeg, out))
        }
    }
}

/// Makes the variants from the full-size pixels. `reuse_for_body` is the stripped original
/// when it can serve as [`Variant::Body`] as it is.
fn variants(
    full: Canvas,
    reuse_for_body: Option<(ImageKind, &[u8])>,
) -> Result<Vec<(Variant, ImageKind, Vec<u8>)>, MediaError> {
    let (width, height) = full.dimensions();
    let body_size = fit(width, height, BODY_MAX_WIDTH, u32::MAX);
    let resized_body =
        (reuse_for_body.is_none() && body_size != (width, height)).then(|| full.resize(body_size));
    // The body is never larger than the original and at least as large as the thumbnail needs;
    // resampling from it is much cheaper.
    let body = resized_body.as_ref().unwrap_or(&full);

    let cover_source = {
        let (bw, bh) = body.dimensions();
        let (_, _, crop_width, _) = cover_crop(bw, bh);
        if crop_width >= COVER_WIDTH {
            body
        } else {
            &full
        }
    };
    let cover = cover_source.cover().encode()?;

    let thumb_size = fit(width, height, THUMB_MAX_SIZE, THUMB_MAX_SIZE);
    let thumb = if thumb_size == body.dimensions() {
        // No larger than a thumbnail already (so small that a copy costs nothing).
        body.clone().encode()?
    } else {
        body.resize(thumb_size).encode()?
    };

    let body = match reuse_for_body {
        Some((kind, bytes)) => (kind, bytes.to_vec()),
        None => resized_body.unwrap_or(full).encode()?,
    };

    Ok(vec![
        (Variant::Body, body.0, body.1),
        (Variant::Cover, cover.0, cover.1),
        (Variant::Thumb, thumb.0, thumb.1),
    ])
}

/// The largest size with the same aspect ratio that fits within `max_width`×`max_height`;
/// the size itself when it already fits (never upscales).
fn fit(width: u32, height: u32, max_width: u32, max_height: u32) -> (u32, u32) {
    if width <= max_width && height <= max_height {
        return (width, height);
    }
    let (w, h) = (u64::from(width), u64::from(height));
    let (mw, mh) = (u64::from(max_width), u64::from(max_height));
    if mw * h <= mh * w {
        (max_width, div_round(h * mw, w).max(1))
    } else {
        (div_round(w * mh, h).max(1), max_height)
    }
}

/// The centred crop (x, y, width, height) of a `width`×`height` image with the cover's aspect.
fn cover_crop(width: u32, height: u32) -> (u32, u32, u32, u32) {
    let (w, h) = (u64::from(width), u64::from(height));
    let (cw, ch) = (u64::from(COVER_WIDTH), u64::from(COVER_HEIGHT));
    if w * ch > h * cw {
        let crop = div_round(h * cw, ch).clamp(1, width);
        ((width - crop) / 2, 0, crop, height)
    } else {
        let crop = div_round(w * ch, cw).clamp(1, height);
        (0, (height - crop) / 2, width, crop)
    }
}

/// `n / d` rounded to nearest, saturated to `u32`. `d` is never zero here.
fn div_round(n: u64, d: u64) -> u32 {
    u32::try_from((n + d / 2) / d.max(1)).unwrap_or(u32::MAX)
}

fn premultiply(image: &mut RgbaImage) {
    for pixel in image.pixels_mut() {
        let alpha = u16::from(pixel[3]);
        if alpha != 255 {
            for c in &mut pixel.0[..3] {
                *c = u8::try_from((u16::from(*c) * alpha + 127) / 255).unwrap_or(u8::MAX);
            }
        }
    }
}

fn unpremultiply(image: &mut RgbaImage) {
    for pixel in image.pixels_mut() {
        let alpha = u16::from(pixel[3]);
        if alpha == 0 {
            pixel.0 = [0, 0, 0, 0];
        } else if alpha != 255 {
            for c in &mut pixel.0[..3] {
                // Resampling can overshoot (ringing): clamp.
                *c = u8::try_from((u16::from(*c) * 255 + alpha / 2) / alpha).unwrap_or(u8::MAX);
            }
        }
    }
}

//! Tests of the media library on images generated here (no fixtures).

use std::time::{Duration, Instant};

use image::codecs::gif::{GifDecoder, GifEncoder, Repeat};
use image::codecs::jpeg::JpegEncoder;
use image::codecs::png::PngEncoder;
use image::codecs::webp::WebPEncoder;
use image::{
    AnimationDecoder, Delay, DynamicImage, Frame, GenericImageView, Rgb, RgbImage, Rgba, RgbaImage,
};

use super::*;

const LIMIT: u64 = 10 * 1024 * 1024;

// ---------------------------------------------------------------------------------------------
// Generated images

/// Gradients with a little deterministic noise: compresses like a photo, not like a flat fill.
fn photo(width: u32, height: u32) -> RgbImage {
    let mut seed = 0x9E37_79B9_u32;
    RgbImage::from_fn(width, height, |x, y| {
        seed ^= seed << 13;
        seed ^= seed >> 17;
        seed ^= seed << 5;
        let noise = (seed % 16) as u8;
        Rgb([
            ((x * 200 / width) as u8).saturating_add(noise),
            ((y * 200 / height) as u8).saturating_add(noise),
            (((x + y) % 200) as u8).saturating_add(noise),
        ])
    })
}

fn jpeg(image: &RgbImage) -> Vec<u8> {
    let mut out = Vec::new();
    image
        .write_with_encoder(JpegEncoder::new_with_quality(&mut out, 90))
        .expect("encode JPEG");
    out
}

fn png<P>(image: &image::ImageBuffer<P, Vec<u8>>) -> Vec<u8>
where
    P: image::PixelWithColorType<Subpixel = u8>,
{
    let mut out = Vec::new();
    image
        .write_with_encoder(PngEncoder::new(&mut out))
        .expect("encode PNG");
    out
}

fn webp(image: &RgbImage) -> Vec<u8> {
    let mut out = Vec::new();
    image
        .write_with_encoder(WebPEncoder::new_lossless(&mut out))
        .expect("encode WebP");
    out
}

fn gif(frames: Vec<RgbaImage>) -> Vec<u8> {
    let mut out = Vec::new();
    let mut encoder = GifEncoder::new_with_speed(&mut out, 10);
    if frames.len() > 1 {
        encoder.set_repeat(Repeat::Infinite).expect("set repeat");
    }
    encoder
        .encode_frames(
            frames
                .into_iter()
                .map(|f| Frame::from_parts(f, 0, 0, Delay::from_numer_denom_ms(100, 1))),
        )
        .expect("encode GIF");
    drop(encoder);
    out
}

fn solid(width: u32, height: u32, colour: [u8; 4]) -> RgbaImage {
    RgbaImage::from_pixel(width, height, Rgba(colour))
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

fn decode(bytes: &[u8]) -> DynamicImage {
    image::load_from_memory(bytes).expect("output decodes")
}

fn variant(processed: &Processed, v: Variant) -> (ImageKind, &[u8]) {
    processed.variant(v).expect("variant present")
}

fn gif_frame_count(bytes: &[u8]) -> usize {
    GifDecoder::new(std::io::Cursor::new(bytes))
        .expect("GIF header")
        .into_frames()
        .collect_frames()
        .expect("GIF frames")
        .len()
}

/// Every file `process` produced: the original and each variant.
fn outputs(processed: &Processed) -> Vec<&[u8]> {
    std::iter::once(processed.original.as_slice())
        .chain(processed.variants.iter().map(|(_, _, b)| b.as_slice()))
        .collect()
}

fn push_jpeg_segment(out: &mut Vec<u8>, marker: u8, payload: &[u8]) {
    out.extend_from_slice(&[0xFF, marker]);
    let len = u16::try_from(payload.len() + 2).expect("segment fits");
    out.extend_from_slice(&len.to_be_bytes());
    out.extend_from_slice(payload);
}

/// `jpeg` with, right after SOI, an EXIF APP1 (big-endian TIFF, Orientation = 6 and an
/// ImageDescription "SECRET-GPS"), an XMP APP1 and a comment.
fn with_exif_orientation_6(jpeg: &[u8]) -> Vec<u8> {
    assert!(jpeg.starts_with(&[0xFF, 0xD8]));
    let marker = b"SECRET-GPS\0";
    let mut tiff = Vec::new();
    tiff.extend_from_slice(b"MM\x00\x2A");
    tiff.extend_from_slice(&8u32.to_be_bytes());
    tiff.extend_from_slice(&2u16.to_be_bytes());
    // ImageDescription (0x010E), ASCII, pointing past the IFD.
    tiff.extend_from_slice(&0x010Eu16.to_be_bytes());
    tiff.extend_from_slice(&2u16.to_be_bytes());
    tiff.extend_from_slice(&(marker.len() as u32).to_be_bytes());
    tiff.extend_from_slice(&38u32.to_be_bytes());
    // Orientation (0x0112), SHORT, 1 value: 6 (rotate 90° clockwise to display).
    tiff.extend_from_slice(&0x0112u16.to_be_bytes());
    tiff.extend_from_slice(&3u16.to_be_bytes());
    tiff.extend_from_slice(&1u32.to_be_bytes());
    tiff.extend_from_slice(&[0, 6, 0, 0]);
    tiff.extend_from_slice(&0u32.to_be_bytes());
    assert_eq!(tiff.len(), 38);
    tiff.extend_from_slice(marker);

    let mut exif = b"Exif\0\0".to_vec();
    exif.extend_from_slice(&tiff);
    let mut out = vec![0xFF, 0xD8];
    push_jpeg_segment(&mut out, 0xE1, &exif);
    push_jpeg_segment(
        &mut out,
        0xE1,
        b"http://ns.adobe.com/xap/1.0/\0<x:xmpmeta>SECRET-XMP</x:xmpmeta>",
    );
    push_jpeg_segment(&mut out, 0xFE, b"SECRET-COMMENT");
    out.extend_from_slice(&jpeg[2..]);
    out
}

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFF_u32;
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

fn png_chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
    let mut out = (data.len() as u32).to_be_bytes().to_vec();
    out.extend_from_slice(kind);
    out.extend_from_slice(data);
    let mut crc_input = kind.to_vec();
    crc_input.extend_from_slice(data);
    out.extend_from_slice(&crc32(&crc_input).to_be_bytes());
    out
}

const PNG_SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";

/// A PNG header declaring `width`×`height` RGBA, a token IDAT and IEND.
fn png_header_only(width: u32, height: u32) -> Vec<u8> {
    let mut ihdr = width.to_be_bytes().to_vec();
    ihdr.extend_from_slice(&height.to_be_bytes());
    ihdr.extend_from_slice(&[8, 6, 0, 0, 0]);
    let mut out = PNG_SIGNATURE.to_vec();
    out.extend(png_chunk(b"IHDR", &ihdr));
    out.extend(png_chunk(b"IDAT", &[0x78, 0x9C, 0x62, 0x00, 0x00]));
    out.extend(png_chunk(b"IEND", &[]));
    out
}

// ---------------------------------------------------------------------------------------------
// Recognition and refusals

#[test]
fn each_format_is_recognised_from_its_content() {
    let image = photo(40, 30);
    let rgba = DynamicImage::ImageRgb8(image.clone()).into_rgba8();
    let cases = [
        (jpeg(&image), ImageKind::Jpeg),
        (png(&image), ImageKind::Png),
        (webp(&image), ImageKind::WebP),
        (gif(vec![rgba]), ImageKind::Gif),
    ];
    for (bytes, kind) in cases {
        assert_eq!(sniff(&bytes), Some(kind));
        let processed = process(&bytes, LIMIT).expect("accepted");
        assert_eq!(processed.kind, kind);
        assert_eq!((processed.width, processed.height), (40, 30));
        assert_eq!(
            sniff(&processed.original),
            Some(kind),
            "{kind} stays {kind}"
        );
        assert_eq!(decode(&processed.original).dimensions(), (40, 30));
    }
    assert_eq!(sniff(b"GIF87a"), Some(ImageKind::Gif));
    assert_eq!(sniff(b"RIFF\0\0\0\0WAVE"), None);
    assert_eq!(ImageKind::Jpeg.content_type(), "image/jpeg");
    assert_eq!(ImageKind::WebP.extension(), "webp");
    assert_eq!(ImageKind::from_extension("gif"), Some(ImageKind::Gif));
    assert_eq!(
        ImageKind::from_content_type("image/png"),
        Some(ImageKind::Png)
    );
}

#[test]
fn a_text_file_named_png_is_not_an_image() {
    let text = b"Hello,\nthis is definitely a picture.png, trust me.\n";
    let error = process(text, LIMIT).expect_err("refused");
    assert!(matches!(error, MediaError::NotAnImage { .. }), "{error:?}");
    let message = error.to_string();
    assert!(message.contains("this looks like a text file"), "{message}");
    assert!(message.contains("JPEG, PNG, WebP or GIF"), "{message}");

    let svg = br#"<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"></svg>"#;
    let message = process(svg, LIMIT).expect_err("refused").to_string();
    assert!(message.contains("SVG"), "{message}");

    let binary = [0u8, 1, 2, 3, 0xFF, 0xFE, 0x80, 0x81];
    assert_eq!(
        process(&binary, LIMIT),
        Err(MediaError::NotAnImage { hint: None })
    );
}

#[test]
fn empty_input_is_not_an_image() {
    let error = process(&[], LIMIT).expect_err("refused");
    assert!(matches!(error, MediaError::NotAnImage { .. }), "{error:?}");
    assert!(error.to_string().contains("empty"), "{error}");
}

#[test]
fn oversize_input_is_refused_with_both_sizes() {
    let bytes = vec![0xFFu8; 3 * 1024 * 1024];
    let error = process(&bytes, 1024 * 1024).expect_err("refused");
    assert_eq!(
        error,
        MediaError::TooLarge {
            size: 3 * 1024 * 1024,
            limit: 1024 * 1024
        }
    );
    assert_eq!(
        error.to_string(),
        "This file is 3.0 MB; the limit is 1.0 MB."
    );
    let big = MediaError::TooLarge {
        size: 100 * 1024 * 1024,
        limit: 10 * 1024 * 1024,
    };
    assert_eq!(
        big.to_string(),
        "This file is 100.0 MB; the limit is 10.0 MB."
    );
    // Sizes that round alike are spelled out.
    let close = MediaError::TooLarge {
        size: 10 * 1024 * 1024 + 1,
        limit: 10 * 1024 * 1024,
    };
    assert_eq!(
        close.to_string(),
        "This file is 10,485,761 B; the limit is 10,485,760 B."
    );
    assert_eq!(human_size(0), "0 B");
    assert_eq!(human_size(1), "1 B");
    assert_eq!(human_size(1536), "1.5 KB");
    assert_eq!(human_size(1024 * 1024 - 1), "1.0 MB");
    assert_eq!(human_size(3 * 1024 * 1024 * 1024), "3.0 GB");
}

#[test]
fn a_header_claiming_huge_dimensions_is_refused_quickly() {
    let started = Instant::now();
    let error = process(&png_header_only(100_000, 100_000), LIMIT).expect_err("refused");
    assert_eq!(
        error,
        MediaError::TooManyPixels {
            width: 100_000,
            height: 100_000
        }
    );
    assert!(error.to_string().contains("100000 × 100000"), "{error}");

    // Within the per-side limit but over the pixel budget.
    let error = process(&png_header_only(16_000, 16_000), LIMIT).expect_err("refused");
    assert!(
        matches!(error, MediaError::TooManyPixels { .. }),
        "{error:?}"
    );

    // A JPEG whose frame header claims 60000×60000.
    let mut bomb = jpeg(&photo(16, 16));
    let sof = bomb
        .windows(2)
        .position(|w| w == [0xFF, 0xC0])
        .expect("baseline frame header");
    bomb[sof + 5..sof + 7].copy_from_slice(&60_000u16.to_be_bytes());
    bomb[sof + 7..sof + 9].copy_from_slice(&60_000u16.to_be_bytes());
    assert_eq!(
        process(&bomb, LIMIT),
        Err(MediaError::TooManyPixels {
            width: 60_000,
            height: 60_000
        })
    );

    // A GIF whose logical screen is 65535×65535.
    let mut bomb = gif(vec![solid(2, 2, [1, 2, 3, 255])]);
    bomb[6..10].copy_from_slice(&[0xFF, 0xFF, 0xFF, 0xFF]);
    assert!(matches!(
        process(&bomb, LIMIT),
        Err(MediaError::TooManyPixels { .. })
    ));

    assert!(
        started.elapsed() < Duration::from_secs(2),
        "took {:?}",
        started.elapsed()
    );
}

#[test]
fn truncated_or_damaged_jpeg_is_corrupt() {
    let whole = jpeg(&photo(256, 256));
    let truncated = &whole[..whole.len() / 2];
    let error = process(truncated, LIMIT).expect_err("refused");
    assert!(matches!(error, MediaError::Corrupt(_)), "{error:?}");
    assert!(
        error.to_string().contains("damaged or incomplete"),
        "{error}"
    );

    let mut garbage = vec![0xFF, 0xD8, 0xFF, 0xE0];
    garbage.extend(std::iter::repeat_n(0x5A, 500));
    let error = process(&garbage, LIMIT).expect_err("refused");
    assert!(matches!(error, MediaError::Corrupt(_)), "{error:?}");
}

#[test]
fn a_jpeg_with_thousands_of_scans_is_refused() {
    let whole = jpeg(&photo(16, 16));
    assert!(whole.ends_with(&[0xFF, 0xD9]));
    let mut bomb = whole[..whole.len() - 2].to_vec();
    for _ in 0..1000 {
        // An empty scan of component 1: SOS, length 8, 1 component, tables 0/0, Ss Se AhAl.
        bomb.extend_from_slice(&[0xFF, 0xDA, 0, 8, 1, 1, 0, 0, 63, 0]);
    }
    bomb.extend_from_slice(&[0xFF, 0xD9]);
    let error = process(&bomb, LIMIT).expect_err("refused");
    assert!(matches!(error, MediaError::Unsupported(_)), "{error:?}");
}

#[test]
fn truncated_png_is_corrupt() {
    let whole = png(&photo(128, 128));
    let error = process(&whole[..whole.len() * 2 / 3], LIMIT).expect_err("refused");
    assert!(matches!(error, MediaError::Corrupt(_)), "{error:?}");
}

// ---------------------------------------------------------------------------------------------
// Metadata

#[test]
fn exif_is_applied_then_stripped() {
    // Left half red, right half blue, 64×32: after orientation 6 (90° clockwise) the left edge
    // is the top, so the image is 32×64 with red above blue.
    let image = RgbImage::from_fn(64, 32, |x, _| {
        if x < 32 {
            Rgb([230, 20, 20])
        } else {
            Rgb([20, 20, 230])
        }
    });
    let upload = with_exif_orientation_6(&jpeg(&image));
    assert!(contains(&upload, b"Exif") && contains(&upload, b"SECRET-GPS"));

    let processed = process(&upload, LIMIT).expect("accepted");
    assert_eq!((processed.width, processed.height), (32, 64));
    assert_eq!(processed.kind, ImageKind::Jpeg);
    for output in outputs(&processed) {
        for needle in [
            &b"Exif"[..],
            b"SECRET-GPS",
            b"SECRET-XMP",
            b"SECRET-COMMENT",
            b"http://ns.adobe.com",
        ] {
            assert!(
                !contains(output, needle),
                "{} survived",
                String::from_utf8_lossy(needle)
            );
        }
    }
    let original = decode(&processed.original).into_rgb8();
    assert_eq!(original.dimensions(), (32, 64));
    let top = original.get_pixel(16, 8);
    let bottom = original.get_pixel(16, 56);
    assert!(top[0] > 150 && top[2] < 100, "top is red: {top:?}");
    assert!(
        bottom[2] > 150 && bottom[0] < 100,
        "bottom is blue: {bottom:?}"
    );
    let (_, thumb) = variant(&processed, Variant::Thumb);
    assert_eq!(decode(thumb).dimensions(), (32, 64));
}

#[test]
fn png_text_chunks_are_stripped() {
    let plain = png(&photo(50, 40));
    let mut upload = plain[..33].to_vec(); // signature and IHDR
    upload.extend(png_chunk(b"tEXt", b"Comment\0SECRET-PNG"));
    upload.extend(png_chunk(b"tEXt", b"Author\0SECRET-AUTHOR"));
    upload.extend_from_slice(&plain[33..]);
    assert!(contains(&upload, b"SECRET-PNG"));

    let processed = process(&upload, LIMIT).expect("accepted");
    for output in outputs(&processed) {
        assert!(!contains(output, b"SECRET-PNG"));
        assert!(!contains(output, b"SECRET-AUTHOR"));
        assert!(!contains(output, b"tEXt"));
    }
    assert_eq!(decode(&processed.original).dimensions(), (50, 40));
}

// ---------------------------------------------------------------------------------------------
// Variants

#[test]
fn variants_have_the_promised_sizes() {
    let processed = process(&jpeg(&photo(3000, 2000)), LIMIT).expect("accepted");
    assert_eq!((processed.width, processed.height), (3000, 2000));
    assert_eq!(
        processed
            .variants
            .iter()
            .map(|(v, _, _)| *v)
            .collect::<Vec<_>>(),
        Variant::ALL
    );

    let (kind, body) = variant(&processed, Variant::Body);
    assert_eq!(kind, ImageKind::Jpeg);
    let (w, h) = decode(body).dimensions();
    assert_eq!(w, 1280);
    assert!(h.abs_diff(853) <= 1, "body height {h}");

    let (kind, cover) = variant(&processed, Variant::Cover);
    assert_eq!(kind, ImageKind::Jpeg);
    assert_eq!(decode(cover).dimensions(), (1200, 630));

    let (kind, thumb) = variant(&processed, Variant::Thumb);
    assert_eq!(kind, ImageKind::Jpeg);
    let (w, h) = decode(thumb).dimensions();
    assert!(
        w <= 320 && h <= 320 && (w == 320 || h == 320),
        "thumb {w}×{h}"
    );
}

#[test]
fn small_images_are_not_upscaled() {
    let processed = process(&jpeg(&photo(200, 100)), LIMIT).expect("accepted");
    let (_, body) = variant(&processed, Variant::Body);
    assert_eq!(decode(body).dimensions(), (200, 100));
    let (_, thumb) = variant(&processed, Variant::Thumb);
    assert_eq!(decode(thumb).dimensions(), (200, 100));
    // The cover always has the size social cards expect.
    let (_, cover) = variant(&processed, Variant::Cover);
    assert_eq!(decode(cover).dimensions(), (1200, 630));

    // A tall, narrow image: cropped from the middle, not stretched.
    let processed = process(&png(&photo(300, 2000)), LIMIT).expect("accepted");
    let (_, body) = variant(&processed, Variant::Body);
    assert_eq!(decode(body).dimensions(), (300, 2000));
    let (_, thumb) = variant(&processed, Variant::Thumb);
    assert_eq!(decode(thumb).dimensions(), (48, 320));
}

#[test]
fn variants_are_png_only_when_something_is_transparent() {
    // Opaque white left half, fully transparent black right half.
    let image = RgbaImage::from_fn(400, 400, |x, _| {
        if x < 200 {
            Rgba([255, 255, 255, 255])
        } else {
            Rgba([0, 0, 0, 0])
        }
    });
    let processed = process(&png(&image), LIMIT).expect("accepted");
    for v in Variant::ALL {
        assert_eq!(variant(&processed, v).0, ImageKind::Png, "{v}");
    }
    // Resampling with premultiplied alpha: the edge fades out, it does not turn grey.
    let thumb = decode(variant(&processed, Variant::Thumb).1).into_rgba8();
    assert_eq!(thumb.dimensions(), (320, 320));
    for pixel in thumb.pixels().filter(|p| p[3] > 0) {
        assert!(pixel[0] >= 250, "dark fringe: {pixel:?}");
    }

    // RGBA without any transparent pixel is treated as opaque.
    let opaque = RgbaImage::from_pixel(400, 300, Rgba([10, 200, 30, 255]));
    let processed = process(&png(&opaque), LIMIT).expect("accepted");
    assert_eq!(variant(&processed, Variant::Cover).0, ImageKind::Jpeg);
    assert_eq!(variant(&processed, Variant::Thumb).0, ImageKind::Jpeg);
    // A PNG narrow enough for the body is kept as it is (crisp screenshots).
    assert_eq!(
        variant(&processed, Variant::Body),
        (ImageKind::Png, processed.original.as_slice())
    );
}

#[test]
fn webp_and_static_gif_bodies_are_encoded_for_the_web() {
    let processed = process(&webp(&photo(300, 200)), LIMIT).expect("accepted");
    assert_eq!(processed.kind, ImageKind::WebP);
    assert_eq!(variant(&processed, Variant::Body).0, ImageKind::Jpeg);

    let processed = process(&gif(vec![solid(30, 20, [9, 9, 9, 255])]), LIMIT).expect("accepted");
    assert_eq!(processed.kind, ImageKind::Gif);
    assert_eq!(gif_frame_count(&processed.original), 1);
    assert_eq!(variant(&processed, Variant::Body).0, ImageKind::Jpeg);
}

#[test]
fn animated_gif_stays_animated() {
    let frames = vec![
        solid(400, 300, [255, 0, 0, 255]),
        solid(400, 300, [0, 255, 0, 255]),
        solid(400, 300, [0, 0, 255, 255]),
    ];
    let encoded = gif(frames);
    // A comment extension right after the header (and global colour table, if any).
    let flags = encoded[10];
    let header = 13
        + if flags & 0x80 != 0 {
            3 * (1usize << ((flags & 7) + 1))
        } else {
            0
        };
    let mut upload = encoded[..header].to_vec();
    upload.extend_from_slice(&[0x21, 0xFE, 14]);
    upload.extend_from_slice(b"SECRET-GIF-CMT");
    upload.push(0);
    upload.extend_from_slice(&encoded[header..]);
    assert_eq!(gif_frame_count(&upload), 3);

    let processed = process(&upload, LIMIT).expect("accepted");
    assert_eq!(processed.kind, ImageKind::Gif);
    assert_eq!((processed.width, processed.height), (400, 300));
    assert_eq!(gif_frame_count(&processed.original), 3);
    let (kind, body) = variant(&processed, Variant::Body);
    assert_eq!(kind, ImageKind::Gif);
    assert_eq!(gif_frame_count(body), 3);
    for output in outputs(&processed) {
        assert!(!contains(output, b"SECRET-GIF-CMT"));
    }
    // Cover and thumbnail show the first frame.
    let (kind, thumb) = variant(&processed, Variant::Thumb);
    assert_eq!(kind, ImageKind::Jpeg);
    let thumb = decode(thumb).into_rgb8();
    assert_eq!(thumb.dimensions(), (320, 240));
    let centre = thumb.get_pixel(160, 120);
    assert!(
        centre[0] > 200 && centre[1] < 50,
        "first frame is red: {centre:?}"
    );
    assert_eq!(
        decode(variant(&processed, Variant::Cover).1).dimensions(),
        (1200, 630)
    );
}

#[test]
fn an_animation_with_too_many_frames_is_refused() {
    let frames = (0..=MAX_FRAMES)
        .map(|i| solid(1, 1, [(i % 256) as u8, 0, 0, 255]))
        .collect();
    let error = process(&gif(frames), LIMIT).expect_err("refused");
    assert_eq!(
        error,
        MediaError::TooManyFrames {
            width: 1,
            height: 1,
            limit: MAX_FRAMES
        }
    );
}

#[test]
fn same_input_gives_same_sha() {
    let bytes = jpeg(&photo(64, 48));
    let a = process(&bytes, LIMIT).expect("accepted");
    let b = process(&bytes, LIMIT).expect("accepted");
    assert_eq!(a.sha256, b.sha256);
    assert_eq!(a.sha256, sha256_hex(&bytes));
    assert_eq!(a.sha256.len(), 64);
    assert!(
        a.sha256
            .bytes()
            .all(|c| c.is_ascii_digit() || (b'a'..=b'f').contains(&c))
    );
    // Deterministic output: storing again writes the same files.
    assert_eq!(a, b);
    let other = process(&jpeg(&photo(64, 49)), LIMIT).expect("accepted");
    assert_ne!(a.sha256, other.sha256);
}

// ---------------------------------------------------------------------------------------------
// Storage

#[test]
fn store_path_delete_round_trip() {
    let dir = tempfile::TempDir::new().expect("temp dir");
    let store = MediaStore::new(dir.path().join("media"));
    let processed = process(&png(&photo(400, 300)), LIMIT).expect("accepted");
    let sha = processed.sha256.clone();

    assert_eq!(store.path(&sha, "original"), None);
    assert!(!store.contains(&sha));
    store.store(&processed).expect("stored");
    store.store(&processed).expect("stored twice");
    assert!(store.contains(&sha));

    let original = store.path(&sha, "original").expect("original stored");
    assert_eq!(
        original,
        dir.path()
            .join("media")
            .join(&sha[..2])
            .join(&sha)
            .join("original.png")
    );
    assert_eq!(std::fs::read(&original).expect("read"), processed.original);
    for (v, kind, bytes) in &processed.variants {
        let path = store.path(&sha, v.as_str()).expect("variant stored");
        assert_eq!(
            path.extension().and_then(|e| e.to_str()),
            Some(kind.extension())
        );
        assert_eq!(&std::fs::read(&path).expect("read"), bytes);
    }
    // Only the final files, no temporaries left behind.
    let names = std::fs::read_dir(original.parent().expect("parent"))
        .expect("list")
        .count();
    assert_eq!(names, 4);

    for hostile in [
        "../etc",
        "../../../../etc/passwd",
        "",
        &sha[..63],
        &format!("{sha}0"),
        &sha.to_uppercase(),
        &format!("../{}", &sha[3..]),
        &format!("{}/..", &sha[..61]),
    ] {
        assert_eq!(store.path(hostile, "original"), None, "{hostile:?}");
        assert_eq!(store.path(hostile, "thumb"), None, "{hostile:?}");
    }
    for name in [
        "secret",
        "original.png",
        "../original",
        "Body",
        "",
        "thumb/../original",
    ] {
        assert_eq!(store.path(&sha, name), None, "{name:?}");
    }
    assert_eq!(
        store.delete("../etc").expect_err("refused").kind(),
        std::io::ErrorKind::InvalidInput
    );

    store.delete(&sha).expect("deleted");
    assert_eq!(store.path(&sha, "original"), None);
    assert_eq!(store.path(&sha, "body"), None);
    store.delete(&sha).expect("deleting again is fine");
}

#[test]
fn storing_in_another_format_replaces_the_old_file() {
    let dir = tempfile::TempDir::new().expect("temp dir");
    let store = MediaStore::new(dir.path().to_path_buf());
    let mut processed = process(&jpeg(&photo(40, 30)), LIMIT).expect("accepted");
    store.store(&processed).expect("stored");
    let thumb = processed
        .variants
        .iter_mut()
        .find(|(v, _, _)| *v == Variant::Thumb)
        .expect("thumb");
    thumb.1 = ImageKind::Png;
    thumb.2 = png(&photo(4, 3));
    store.store(&processed).expect("stored");
    let path = store.path(&processed.sha256, "thumb").expect("thumb");
    assert!(path.ends_with("thumb.png"), "{path:?}");
    assert!(!path.with_extension("jpg").exists());

    processed.sha256 = "../escape".to_owned();
    assert_eq!(
        store.store(&processed).expect_err("refused").kind(),
        std::io::ErrorKind::InvalidInput
    );
}

#[test]
fn variant_names_round_trip() {
    for v in Variant::ALL {
        assert_eq!(v.as_str().parse::<Variant>(), Ok(v));
        assert_eq!(v.to_string(), v.as_str());
    }
    assert_eq!("original".parse::<Variant>(), Err(UnknownVariant));
    assert_eq!("THUMB".parse::<Variant>(), Err(UnknownVariant));
}

// ---------------------------------------------------------------------------------------------
// Speed (not run by default):
// cargo test --release --lib media::tests::time_a_12_megapixel_jpeg -- --ignored --nocapture

#[test]
#[ignore = "timing report; run in release mode"]
fn time_a_12_megapixel_jpeg() {
    let upload = jpeg(&photo(4000, 3000));
    for _ in 0..3 {
        let started = Instant::now();
        let processed = process(&upload, 50 * 1024 * 1024).expect("accepted");
        println!(
            "4000×3000 JPEG ({}) processed in {:?}: original {}, {}",
            human_size(upload.len() as u64),
            started.elapsed(),
            human_size(processed.original.len() as u64),
            processed
                .variants
                .iter()
                .map(|(v, k, b)| format!("{v} {k} {}", human_size(b.len() as u64)))
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
}

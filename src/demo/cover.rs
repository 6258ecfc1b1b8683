//! Procedural cover images for the demo articles: a soft two-colour gradient with a few simple
//! shapes (lanterns, a moon, an arched bridge, waves, dumplings, book spines, hills, snow),
//! anti-aliased, then encoded as a JPEG. Everything is derived from the style and a seed (the
//! article's key), so the same article always gets the same bytes.

use image::RgbImage;
use image::codecs::jpeg::JpegEncoder;
use sha2::{Digest as _, Sha256};

use super::content::CoverStyle;
use super::motifs;

/// Width of a generated cover.
pub const WIDTH: u32 = 1600;
/// Height of a generated cover.
pub const HEIGHT: u32 = 900;
const JPEG_QUALITY: u8 = 90;
pub(super) const W: f32 = WIDTH as f32;
pub(super) const H: f32 = HEIGHT as f32;

pub(super) type Colour = [f32; 3];
pub(super) const BLACK: Colour = [0.0, 0.0, 0.0];
pub(super) const WHITE: Colour = [255.0, 255.0, 255.0];

fn hex(s: &str) -> Result<Colour, String> {
    let digits = s
        .strip_prefix('#')
        .filter(|d| d.len() == 6 && d.bytes().all(|b| b.is_ascii_hexdigit()))
        .ok_or_else(|| format!("“{s}” is not a colour; use #rrggbb"))?;
    let channel = |i: usize| u8::from_str_radix(&digits[i..i + 2], 16).map(f32::from);
    Ok([
        channel(0).map_err(|e| e.to_string())?,
        channel(2).map_err(|e| e.to_string())?,
        channel(4).map_err(|e| e.to_string())?,
    ])
}

pub(super) fn mix(a: Colour, b: Colour, t: f32) -> Colour {
    [0, 1, 2].map(|i| a[i] + (b[i] - a[i]) * t)
}

/// A deterministic stream of numbers (SplitMix64) seeded from text: the same seed gives the
/// same cover on every machine and with every version of every crate.
pub(super) struct Dice(u64);

impl Dice {
    fn new(seed: &str) -> Dice {
        let digest = Sha256::digest(seed.as_bytes());
        let mut first = [0u8; 8];
        first.copy_from_slice(&digest[..8]);
        Dice(u64::from_le_bytes(first))
    }

    pub(super) fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `lo..hi`.
    pub(super) fn range(&mut self, lo: f32, hi: f32) -> f32 {
        // 24 bits: exactly representable in an f32.
        let unit = (self.next() >> 40) as f32 / (1u64 << 24) as f32;
        lo + (hi - lo) * unit
    }
}

/// Floating-point pixels, painted with coverage-weighted blending.
pub(super) struct Canvas {
    px: Vec<Colour>,
}

impl Canvas {
    /// A diagonal gradient from the top left to the bottom right, eased at both ends.
    fn gradient(from: Colour, to: Colour) -> Canvas {
        // A table of the eased colours: far fewer steps than pixels, still no visible band.
        const STEPS: usize = 2048;
        let table: Vec<Colour> = (0..STEPS)
            .map(|i| {
                let t = i as f32 / (STEPS - 1) as f32;
                mix(from, to, t * t * (3.0 - 2.0 * t))
            })
            .collect();
        let scale = (STEPS - 1) as f32;
        let mut px = Vec::with_capacity((WIDTH * HEIGHT) as usize);
        for y in 0..HEIGHT {
            let row = 0.35 * y as f32 / H;
            px.extend((0..WIDTH).map(|x| {
                let t = (0.65 * x as f32 / W + row).min(1.0);
                table[(t * scale) as usize]
            }));
        }
        Canvas { px }
    }

    /// Blends `colour` at `alpha` × the coverage (0–1) that `shape` gives each pixel centre in
    /// the box `x0..x1`, `y0..y1` (clipped to the canvas).
    fn paint(
        &mut self,
        (x0, y0, x1, y1): (f32, f32, f32, f32),
        colour: Colour,
        alpha: f32,
        shape: impl Fn(f32, f32) -> f32,
    ) {
        let clip = |v: f32, max: u32| (v.max(0.0) as u32).min(max);
        for y in clip(y0.floor(), HEIGHT)..clip(y1.ceil(), HEIGHT) {
            for x in clip(x0.floor(), WIDTH)..clip(x1.ceil(), WIDTH) {
                let a = alpha * shape(x as f32 + 0.5, y as f32 + 0.5).clamp(0.0, 1.0);
                if a > 0.0 {
                    let p = &mut self.px[(y * WIDTH + x) as usize];
                    *p = mix(*p, colour, a);
                }
            }
        }
    }

    /// An ellipse centred on (`cx`, `cy`) with radii `rx`, `ry`.
    pub(super) fn ellipse(
        &mut self,
        (cx, cy): (f32, f32),
        (rx, ry): (f32, f32),
        c: Colour,
        alpha: f32,
    ) {
        let bbox = (cx - rx - 1.0, cy - ry - 1.0, cx + rx + 1.0, cy + ry + 1.0);
        self.paint(bbox, c, alpha, |x, y| ellipse_cover(x - cx, y - cy, rx, ry));
    }

    /// The upper half of an ellipse: a dumpling, a hill top.
    pub(super) fn dome(
        &mut self,
        (cx, cy): (f32, f32),
        (rx, ry): (f32, f32),
        c: Colour,
        alpha: f32,
    ) {
        let bbox = (cx - rx - 1.0, cy - ry - 1.0, cx + rx + 1.0, cy + 1.0);
        self.paint(bbox, c, alpha, |x, y| {
            ellipse_cover(x - cx, y - cy, rx, ry) * (cy - y + 0.5)
        });
    }

    pub(super) fn rect(&mut self, (x0, y0, x1, y1): (f32, f32, f32, f32), c: Colour, alpha: f32) {
        self.paint((x0, y0, x1, y1), c, alpha, |x, y| {
            (x - x0 + 0.5)
                .min(x1 - x + 0.5)
                .min(y - y0 + 0.5)
                .min(y1 - y + 0.5)
        });
    }

    /// Everything below the curve `y = edge(x)`.
    pub(super) fn below(&mut self, c: Colour, alpha: f32, edge: impl Fn(f32) -> f32) {
        let top = (0..=16)
            .map(|i| edge(i as f32 * W / 16.0))
            .fold(H, f32::min);
        self.paint((0.0, top - 80.0, W, H), c, alpha, |x, y| y - edge(x) + 0.5);
    }

    /// A ring between radii `inner` and `outer`: the upper half at `alpha`, the lower half (its
    /// reflection in water) at `reflection`.
    pub(super) fn ring(
        &mut self,
        (cx, cy): (f32, f32),
        (inner, outer): (f32, f32),
        c: Colour,
        alpha: f32,
    ) {
        let bbox = (
            cx - outer - 1.0,
            cy - outer - 1.0,
            cx + outer + 1.0,
            cy + outer + 1.0,
        );
        self.paint(bbox, c, 1.0, |x, y| {
            let d = (x - cx).hypot(y - cy);
            let cover = (d - inner + 0.5).min(outer - d + 0.5).clamp(0.0, 1.0);
            cover * if y < cy { alpha } else { alpha * 0.3 }
        });
    }

    /// The pixels, with a little noise so that gradients do not band.
    fn into_image(self) -> Option<RgbImage> {
        let mut raw = Vec::with_capacity(self.px.len() * 3);
        for (i, p) in self.px.iter().enumerate() {
            let mut h = (i as u32).wrapping_mul(0x9E37_79B1);
            h ^= h >> 15;
            h = h.wrapping_mul(0x2C1B_3C6D);
            h ^= h >> 12;
            let noise = (h & 0xFF) as f32 / 170.0 - 0.75;
            raw.extend(p.map(|v| (v + noise + 0.5).clamp(0.0, 255.0) as u8));
        }
        RgbImage::from_raw(WIDTH, HEIGHT, raw)
    }
}

/// Approximate coverage of a pixel centre at (`dx`, `dy`) from an ellipse's centre.
fn ellipse_cover(dx: f32, dy: f32, rx: f32, ry: f32) -> f32 {
    let d = (dx / rx).hypot(dy / ry);
    (1.0 - d) * rx.min(ry) + 0.5
}

/// A wavy line: a sum of two sines around `base`.
pub(super) fn wave(base: f32, amp: f32, freq: f32, phase: f32) -> impl Fn(f32) -> f32 {
    move |x| {
        base + amp * (x * freq + phase).sin() + amp * 0.4 * (x * freq * 2.3 + phase * 1.7).sin()
    }
}

/// Renders the cover of `style`, varied by `seed` (the article's key).
pub fn render(style: &CoverStyle, seed: &str) -> Result<RgbImage, String> {
    let (from, to, accent) = (hex(&style.from)?, hex(&style.to)?, hex(&style.accent)?);
    let motif: Motif = match style.motif.as_str() {
        "lanterns" => motifs::lanterns,
        "moon" => motifs::moon,
        "bridge" => motifs::bridge,
        "waves" => motifs::waves,
        "dots" => motifs::dumplings,
        "stripes" => motifs::books,
        "hills" => motifs::hills,
        "snow" => motifs::snow,
        other => return Err(format!("“{other}” is not a cover motif")),
    };
    let mut c = Canvas::gradient(from, to);
    motif(&mut c, &mut Dice::new(seed), Palette { from, to, accent });
    c.into_image()
        .ok_or_else(|| "the cover's pixel buffer has the wrong size".to_owned())
}

/// [`render`], encoded as a JPEG.
pub fn jpeg(style: &CoverStyle, seed: &str) -> Result<Vec<u8>, String> {
    let image = render(style, seed)?;
    let mut out = Vec::new();
    JpegEncoder::new_with_quality(&mut out, JPEG_QUALITY)
        .encode_image(&image)
        .map_err(|e| format!("encoding a cover: {e}"))?;
    Ok(out)
}

/// Paints one kind of shapes.
type Motif = fn(&mut Canvas, &mut Dice, Palette);

/// The style's colours.
#[derive(Clone, Copy)]
pub(super) struct Palette {
    /// Top left of the gradient.
    pub(super) from: Colour,
    /// Bottom right of the gradient.
    pub(super) to: Colour,
    /// The shapes.
    pub(super) accent: Colour,
}

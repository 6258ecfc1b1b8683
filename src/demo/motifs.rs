//! The shapes of each cover motif, painted over the gradient. Positions and sizes vary with
//! the seed; colours come from the style.

use super::cover::{BLACK, Canvas, Dice, H, Palette, W, WHITE, mix, wave};

pub(super) fn lanterns(c: &mut Canvas, d: &mut Dice, p: Palette) {
    for _ in 0..40 {
        let (x, y) = (d.range(0.0, W), d.range(0.0, H));
        c.ellipse((x, y), (3.0, 3.0), p.accent, d.range(0.2, 0.6));
    }
    let n = 3 + (d.next() % 3) as usize;
    let cap = mix(p.from, BLACK, 0.5);
    for i in 0..n {
        let x = (i as f32 + 0.5) * W / n as f32 + d.range(-50.0, 50.0);
        let (cy, r) = (d.range(300.0, 560.0), d.range(90.0, 135.0));
        let ry = r * 0.85;
        c.rect((x - 1.5, 0.0, x + 1.5, cy - ry), cap, 0.8);
        c.ellipse((x, cy), (r * 2.0, ry * 2.0), p.accent, 0.10);
        c.ellipse((x, cy), (r, ry), mix(p.accent, p.to, 0.35), 0.95);
        c.ellipse((x, cy), (r * 0.45, ry * 0.98), p.accent, 0.45);
        c.rect(
            (x - r * 0.35, cy - ry - 14.0, x + r * 0.35, cy - ry + 6.0),
            cap,
            1.0,
        );
        c.rect(
            (x - r * 0.35, cy + ry - 6.0, x + r * 0.35, cy + ry + 12.0),
            cap,
            1.0,
        );
        c.rect(
            (x - 4.0, cy + ry + 12.0, x + 4.0, cy + ry + 80.0),
            p.accent,
            0.85,
        );
    }
}

pub(super) fn moon(c: &mut Canvas, d: &mut Dice, p: Palette) {
    for _ in 0..70 {
        let (x, y) = (d.range(0.0, W), d.range(0.0, H * 0.6));
        c.ellipse((x, y), (1.8, 1.8), WHITE, d.range(0.3, 0.9));
    }
    let (mx, my, r) = (
        d.range(W * 0.55, W * 0.8),
        d.range(220.0, 320.0),
        d.range(150.0, 190.0),
    );
    for k in 1..=4 {
        let g = r * (1.0 + 0.35 * k as f32);
        c.ellipse((mx, my), (g, g), p.accent, 0.05);
    }
    c.ellipse((mx, my), (r, r), p.accent, 1.0);
    for _ in 0..4 {
        let (dx, dy, cr) = (d.range(-0.5, 0.5), d.range(-0.5, 0.5), d.range(0.08, 0.2));
        let crater = mix(p.accent, p.to, 0.25);
        c.ellipse((mx + dx * r, my + dy * r), (cr * r, cr * r), crater, 0.35);
    }
    let (phase, far) = (d.range(0.0, 6.0), mix(p.from, BLACK, 0.25));
    c.below(far, 0.9, wave(H * 0.72, 40.0, 0.004, phase));
    c.below(
        mix(p.from, BLACK, 0.5),
        1.0,
        wave(H * 0.84, 30.0, 0.006, phase + 2.0),
    );
}

pub(super) fn bridge(c: &mut Canvas, d: &mut Dice, p: Palette) {
    let water = H * 0.62;
    c.ellipse(
        (d.range(W * 0.1, W * 0.3), d.range(120.0, 220.0)),
        (60.0, 60.0),
        p.accent,
        0.8,
    );
    c.below(
        mix(p.to, BLACK, 0.15),
        0.6,
        wave(water, 4.0, 0.01, d.range(0.0, 6.0)),
    );
    let cx = W * 0.5 + d.range(-120.0, 120.0);
    c.ring((cx, water), (300.0, 345.0), p.accent, 0.95);
    for _ in 0..18 {
        let (x, y, len) = (
            d.range(0.0, W),
            d.range(water + 20.0, H - 20.0),
            d.range(40.0, 160.0),
        );
        c.ellipse((x, y), (len, 2.5), p.accent, 0.3);
    }
}

pub(super) fn waves(c: &mut Canvas, d: &mut Dice, p: Palette) {
    let (x, y) = (d.range(W * 0.1, W * 0.4), d.range(130.0, 230.0));
    c.ellipse((x, y), (110.0, 110.0), p.accent, 0.12);
    c.ellipse((x, y), (70.0, 70.0), p.accent, 0.9);
    for i in 0..6 {
        let t = i as f32 / 5.0;
        let base = H * (0.42 + 0.1 * i as f32);
        let (amp, freq, phase) = (
            d.range(18.0, 40.0),
            d.range(0.003, 0.007),
            d.range(0.0, 6.0),
        );
        c.below(
            mix(p.to, p.accent, 0.15 + 0.5 * t),
            0.35 + 0.1 * t,
            wave(base, amp, freq, phase),
        );
    }
}

pub(super) fn dumplings(c: &mut Canvas, d: &mut Dice, p: Palette) {
    for _ in 0..120 {
        let (x, y) = (d.range(0.0, W), d.range(0.0, H));
        c.ellipse((x, y), (2.5, 2.5), mix(p.to, BLACK, 0.3), d.range(0.2, 0.5));
    }
    let shadow = mix(p.to, BLACK, 0.35);
    for row in 0..3 {
        for col in 0..4 {
            let x = (col as f32 + 0.5) * W / 4.0 + d.range(-70.0, 70.0);
            let y = (row as f32 + 0.75) * H / 3.0 + d.range(-30.0, 20.0);
            let rx = d.range(90.0, 130.0);
            c.ellipse((x, y + 6.0), (rx * 1.05, 18.0), shadow, 0.25);
            c.dome((x, y), (rx, rx * 0.72), p.accent, 0.95);
            c.dome(
                (x, y),
                (rx * 0.75, rx * 0.5),
                mix(p.accent, p.to, 0.3),
                0.25,
            );
        }
    }
}

pub(super) fn books(c: &mut Canvas, d: &mut Dice, p: Palette) {
    let shelf = H * 0.8;
    c.rect(
        (0.0, shelf, W, shelf + 26.0),
        mix(p.accent, BLACK, 0.3),
        0.9,
    );
    let mut x = d.range(60.0, 140.0);
    while x < W - 120.0 {
        let (w, h) = (d.range(42.0, 92.0), d.range(250.0, 520.0));
        let spine = mix(p.accent, p.to, d.range(0.0, 0.7));
        c.rect((x, shelf - h, x + w, shelf), spine, 0.95);
        for band in [0.15, 0.8] {
            let by = shelf - h * band;
            c.rect((x + 6.0, by - 6.0, x + w - 6.0, by + 6.0), p.from, 0.35);
        }
        x += w + d.range(3.0, 10.0);
    }
}

pub(super) fn hills(c: &mut Canvas, d: &mut Dice, p: Palette) {
    let (x, y) = (d.range(W * 0.6, W * 0.85), d.range(140.0, 240.0));
    c.ellipse((x, y), (150.0, 150.0), mix(p.from, WHITE, 0.6), 0.35);
    c.ellipse((x, y), (90.0, 90.0), mix(p.from, WHITE, 0.7), 0.95);
    for i in 0..4 {
        let t = i as f32 / 3.0;
        let (amp, freq, phase) = (
            d.range(30.0, 60.0),
            d.range(0.002, 0.005),
            d.range(0.0, 6.0),
        );
        let edge = wave(H * (0.5 + 0.12 * i as f32), amp, freq, phase);
        c.below(mix(p.to, p.accent, t), 0.9, edge);
    }
}

pub(super) fn snow(c: &mut Canvas, d: &mut Dice, p: Palette) {
    c.below(
        mix(p.to, WHITE, 0.6),
        0.95,
        wave(H * 0.78, 35.0, 0.003, d.range(0.0, 6.0)),
    );
    for _ in 0..160 {
        let (x, y, r) = (d.range(0.0, W), d.range(0.0, H), d.range(2.0, 9.0));
        if r > 6.0 {
            c.ellipse((x, y), (r * 2.2, r * 2.2), p.accent, 0.08);
        }
        c.ellipse((x, y), (r, r), p.accent, d.range(0.4, 0.95));
    }
}

//! A deterministic, generated English-looking corpus.
//!
//! A 64-bit LCG builds a fixed vocabulary of `VOCAB_SIZE` pseudo-words from
//! syllables, then emits words with a skewed (roughly Zipf-like) frequency,
//! mixed case and punctuation, and a newline every so often. Same seed,
//! same bytes, on every machine.

pub const SEED: u64 = 0x2026_1127;
pub const SMALL_BYTES: usize = 64 * 1024;
pub const LARGE_BYTES: usize = 4 * 1024 * 1024;
pub const VOCAB_SIZE: usize = 5000;

/// Knuth's MMIX LCG; we use the high 32 bits of the state.
pub struct Lcg(u64);

impl Lcg {
    pub fn new(seed: u64) -> Lcg {
        Lcg(seed)
    }

    pub fn next_u32(&mut self) -> u32 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 32) as u32
    }

    /// Uniform in [0, n).
    pub fn below(&mut self, n: u32) -> u32 {
        ((self.next_u32() as u64 * n as u64) >> 32) as u32
    }

    /// Uniform in [0, 1).
    pub fn unit(&mut self) -> f64 {
        self.next_u32() as f64 / 4294967296.0
    }
}

const SYLLABLES: [&str; 32] = [
    "ka", "lo", "mi", "ren", "ta", "vo", "shi", "pe", "dra", "nu", "el", "or", "bri", "st",
    "an", "qu", "ix", "ul", "the", "ing", "ber", "con", "mo", "sa", "ti", "ve", "gar", "ph",
    "ol", "ne", "ry", "ow",
];

/// The fixed vocabulary: `VOCAB_SIZE` lowercase pseudo-words of 1..=4 syllables.
pub fn vocabulary(seed: u64) -> Vec<String> {
    let mut rng = Lcg::new(seed ^ 0x5EED_0F_70CA_B);
    (0..VOCAB_SIZE)
        .map(|_| {
            let n = 1 + rng.below(4);
            (0..n)
                .map(|_| SYLLABLES[rng.below(SYLLABLES.len() as u32) as usize])
                .collect::<String>()
        })
        .collect()
}

/// Generate exactly `bytes` bytes of ASCII text.
pub fn generate(bytes: usize, seed: u64) -> String {
    let vocab = vocabulary(seed);
    let mut rng = Lcg::new(seed);
    let mut out = String::with_capacity(bytes + 64);
    let mut words_on_line = 0;
    while out.len() < bytes {
        // u^3 skews picks toward the start of the vocabulary, so a few words
        // are very common and most are rare, as in natural text.
        let u = rng.unit();
        let idx = ((u * u * u) * VOCAB_SIZE as f64) as usize;
        let word = &vocab[idx.min(VOCAB_SIZE - 1)];

        if rng.below(25) == 0 {
            out.push('"');
        }
        match rng.below(100) {
            0..=1 => out.push_str(&word.to_ascii_uppercase()),
            2..=11 => {
                let mut chars = word.chars();
                if let Some(first) = chars.next() {
                    out.push(first.to_ascii_uppercase());
                    out.push_str(chars.as_str());
                }
            }
            _ => out.push_str(word),
        }
        match rng.below(100) {
            0..=6 => out.push(','),
            7..=11 => out.push('.'),
            12 => out.push_str("?\""),
            13 => out.push(';'),
            14 => out.push_str("!"),
            _ => {}
        }
        words_on_line += 1;
        if words_on_line >= 12 && rng.below(4) == 0 {
            out.push('\n');
            words_on_line = 0;
        } else {
            out.push(' ');
        }
    }
    out.truncate(bytes);
    out
}

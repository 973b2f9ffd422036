//! Word-frequency counting, in every version the blog post walks through.
//!
//! All versions compute the same thing: split on whitespace, trim
//! non-alphanumeric characters from both ends of each token, lowercase it,
//! count, and return the `k` most frequent words (ties broken alphabetically).
//! The tests at the bottom check that every version returns identical output.

use std::collections::{BTreeMap, HashMap};
use std::hash::{BuildHasherDefault, Hasher};

pub mod corpus;

/// The public entry point: the final, optimized version.
pub fn top_words(text: &str, k: usize) -> Vec<(String, usize)> {
    top_words_final(text, k)
}

/// Which version to run; selected by name in the benchmark and the bins.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Impl {
    V0,
    V1,
    V2,
    V3,
    Final,
}

impl Impl {
    pub const ALL: [Impl; 5] = [Impl::V0, Impl::V1, Impl::V2, Impl::V3, Impl::Final];

    pub fn parse(name: &str) -> Option<Impl> {
        match name {
            "v0" => Some(Impl::V0),
            "v1" => Some(Impl::V1),
            "v2" => Some(Impl::V2),
            "v3" => Some(Impl::V3),
            "final" => Some(Impl::Final),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Impl::V0 => "v0",
            Impl::V1 => "v1",
            Impl::V2 => "v2",
            Impl::V3 => "v3",
            Impl::Final => "final",
        }
    }

    pub fn run(self, text: &str, k: usize) -> Vec<(String, usize)> {
        match self {
            Impl::V0 => top_words_v0(text, k),
            Impl::V1 => top_words_v1(text, k),
            Impl::V2 => top_words_v2(text, k),
            Impl::V3 => top_words_v3(text, k),
            Impl::Final => top_words_final(text, k),
        }
    }
}

/// Order used for the result: highest count first, then alphabetical.
fn by_count_then_word(a: &(String, usize), b: &(String, usize)) -> std::cmp::Ordering {
    b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0))
}

fn is_not_alnum(c: char) -> bool {
    !c.is_alphanumeric()
}

// ---------------------------------------------------------------------------
// v0: the straightforward version.
// ---------------------------------------------------------------------------

/// Baseline: one `String` allocation per word, SipHash, full sort.
pub fn top_words_v0(text: &str, k: usize) -> Vec<(String, usize)> {
    let mut counts: HashMap<String, usize> = HashMap::new();
    for token in text.split_whitespace() {
        let word = token.trim_matches(is_not_alnum).to_lowercase();
        if word.is_empty() {
            continue;
        }
        *counts.entry(word).or_insert(0) += 1;
    }
    let mut entries: Vec<(String, usize)> = counts.into_iter().collect();
    entries.sort_by(by_count_then_word);
    entries.truncate(k);
    entries
}

// ---------------------------------------------------------------------------
// Shared helper for v1..final: normalize a token into a reused buffer.
// ---------------------------------------------------------------------------

/// Writes the normalized form of `token` into `buf` without allocating
/// (for ASCII tokens; non-ASCII tokens take the general Unicode path).
#[inline]
fn normalize_into(token: &str, buf: &mut String) {
    buf.clear();
    if token.is_ascii() {
        // For ASCII, `is_alphanumeric` == `is_ascii_alphanumeric`, and
        // ASCII lowercasing is the same as Unicode lowercasing.
        buf.push_str(token.trim_matches(|c: char| !c.is_ascii_alphanumeric()));
        buf.make_ascii_lowercase();
    } else {
        buf.push_str(&token.trim_matches(is_not_alnum).to_lowercase());
    }
}

// ---------------------------------------------------------------------------
// v1: no per-word allocation.
// ---------------------------------------------------------------------------

/// Reuse one buffer; look up by `&str` first, allocate only for new words.
pub fn top_words_v1(text: &str, k: usize) -> Vec<(String, usize)> {
    let mut counts: HashMap<String, usize> = HashMap::new();
    let mut buf = String::new();
    for token in text.split_whitespace() {
        normalize_into(token, &mut buf);
        if buf.is_empty() {
            continue;
        }
        if let Some(count) = counts.get_mut(buf.as_str()) {
            *count += 1;
        } else {
            counts.insert(buf.clone(), 1);
        }
    }
    let mut entries: Vec<(String, usize)> = counts.into_iter().collect();
    entries.sort_by(by_count_then_word);
    entries.truncate(k);
    entries
}

// ---------------------------------------------------------------------------
// v2: v1 + a fast, non-cryptographic hasher.
// ---------------------------------------------------------------------------

/// An Fx-style hasher (the multiply-rotate scheme used inside rustc):
/// eight bytes per step, one rotate, one xor, one multiply.
/// Not DoS-resistant: only for keys an attacker does not choose.
#[derive(Default, Clone, Copy)]
pub struct FxHasher {
    hash: u64,
}

const FX_SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl FxHasher {
    #[inline]
    fn add(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(FX_SEED);
    }
}

impl Hasher for FxHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            self.add(u64::from_le_bytes(chunk.try_into().unwrap()));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut last = [0u8; 8];
            last[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(last));
        }
    }

    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.add(i as u64);
    }

    #[inline]
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    #[inline]
    fn finish(&self) -> u64 {
        self.hash
    }
}

pub type FxBuildHasher = BuildHasherDefault<FxHasher>;

/// v1 with `FxHasher` instead of the default SipHash-1-3.
pub fn top_words_v2(text: &str, k: usize) -> Vec<(String, usize)> {
    let mut counts: HashMap<String, usize, FxBuildHasher> = HashMap::default();
    let mut buf = String::new();
    for token in text.split_whitespace() {
        normalize_into(token, &mut buf);
        if buf.is_empty() {
            continue;
        }
        if let Some(count) = counts.get_mut(buf.as_str()) {
            *count += 1;
        } else {
            counts.insert(buf.clone(), 1);
        }
    }
    let mut entries: Vec<(String, usize)> = counts.into_iter().collect();
    entries.sort_by(by_count_then_word);
    entries.truncate(k);
    entries
}

// ---------------------------------------------------------------------------
// v3: the dead end: an ordered map, no hashing at all.
// ---------------------------------------------------------------------------

/// v1 with a `BTreeMap` instead of a hash map.
pub fn top_words_v3(text: &str, k: usize) -> Vec<(String, usize)> {
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    let mut buf = String::new();
    for token in text.split_whitespace() {
        normalize_into(token, &mut buf);
        if buf.is_empty() {
            continue;
        }
        if let Some(count) = counts.get_mut(buf.as_str()) {
            *count += 1;
        } else {
            counts.insert(buf.clone(), 1);
        }
    }
    let mut entries: Vec<(String, usize)> = counts.into_iter().collect();
    entries.sort_by(by_count_then_word);
    entries.truncate(k);
    entries
}

// ---------------------------------------------------------------------------
// final: v2 counting + partial selection for the top k.
// ---------------------------------------------------------------------------

/// v2, but select the top `k` with `select_nth_unstable_by` and sort only those.
pub fn top_words_final(text: &str, k: usize) -> Vec<(String, usize)> {
    let mut counts: HashMap<String, usize, FxBuildHasher> = HashMap::default();
    let mut buf = String::new();
    for token in text.split_whitespace() {
        normalize_into(token, &mut buf);
        if buf.is_empty() {
            continue;
        }
        if let Some(count) = counts.get_mut(buf.as_str()) {
            *count += 1;
        } else {
            counts.insert(buf.clone(), 1);
        }
    }
    let mut entries: Vec<(String, usize)> = counts.into_iter().collect();
    if k < entries.len() {
        // Everything before index k now ranks at or above entries[k].
        entries.select_nth_unstable_by(k, by_count_then_word);
        entries.truncate(k);
    }
    entries.sort_unstable_by(by_count_then_word);
    entries
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "The cat, the CAT and the dog.\n\"Dog!\" said the cat -- \
                          ÉCOLE école Straße STRASSE ΣΟΦΟΣ σοφος 42 42nd ... ";

    #[test]
    fn v0_on_sample() {
        let got = top_words_v0(SAMPLE, 4);
        assert_eq!(
            got,
            vec![
                ("the".to_string(), 4),
                ("cat".to_string(), 3),
                ("dog".to_string(), 2),
                ("école".to_string(), 2),
            ]
        );
    }

    #[test]
    fn all_versions_agree_on_sample() {
        for k in [0, 1, 3, 5, 100] {
            let expected = top_words_v0(SAMPLE, k);
            for imp in Impl::ALL {
                assert_eq!(imp.run(SAMPLE, k), expected, "{:?} k={}", imp, k);
            }
        }
    }

    #[test]
    fn all_versions_agree_on_corpus() {
        let text = corpus::generate(corpus::SMALL_BYTES, corpus::SEED);
        for k in [1, 10, 50, 100_000] {
            let expected = top_words_v0(&text, k);
            for imp in Impl::ALL {
                assert_eq!(imp.run(&text, k), expected, "{:?} k={}", imp, k);
            }
        }
    }

    #[test]
    fn corpus_is_deterministic_and_sized() {
        let a = corpus::generate(corpus::SMALL_BYTES, corpus::SEED);
        let b = corpus::generate(corpus::SMALL_BYTES, corpus::SEED);
        assert_eq!(a, b);
        assert_eq!(a.len(), corpus::SMALL_BYTES);
    }
}

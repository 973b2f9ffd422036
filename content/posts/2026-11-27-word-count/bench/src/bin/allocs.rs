//! Count heap allocations per call of each version on the small and large corpora,
//! using a counting wrapper around the system allocator.
//! Usage: allocs

use std::alloc::{GlobalAlloc, Layout, System};
use std::hint::black_box;
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
use wordcount::{corpus, Impl};

struct Counting;

static ALLOCS: AtomicUsize = AtomicUsize::new(0);
static REALLOCS: AtomicUsize = AtomicUsize::new(0);
static DEALLOCS: AtomicUsize = AtomicUsize::new(0);
static BYTES: AtomicUsize = AtomicUsize::new(0);
static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

fn grow_live(n: usize) {
    let live = LIVE.fetch_add(n, Relaxed) + n;
    PEAK.fetch_max(live, Relaxed);
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCS.fetch_add(1, Relaxed);
        BYTES.fetch_add(layout.size(), Relaxed);
        grow_live(layout.size());
        System.alloc(layout)
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        ALLOCS.fetch_add(1, Relaxed);
        BYTES.fetch_add(layout.size(), Relaxed);
        grow_live(layout.size());
        System.alloc_zeroed(layout)
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        REALLOCS.fetch_add(1, Relaxed);
        if new_size > layout.size() {
            BYTES.fetch_add(new_size - layout.size(), Relaxed);
            grow_live(new_size - layout.size());
        } else {
            LIVE.fetch_sub(layout.size() - new_size, Relaxed);
        }
        System.realloc(ptr, layout, new_size)
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        DEALLOCS.fetch_add(1, Relaxed);
        LIVE.fetch_sub(layout.size(), Relaxed);
        System.dealloc(ptr, layout)
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

fn main() {
    for (label, bytes) in [("small", corpus::SMALL_BYTES), ("large", corpus::LARGE_BYTES)] {
        report(label, bytes);
    }
}

fn report(label: &str, bytes: usize) {
    let text = corpus::generate(bytes, corpus::SEED);
    let tokens = text.split_whitespace().count();
    let distinct = Impl::V0.run(&text, usize::MAX).len();
    println!(
        "corpus: {}, {} bytes, {} whitespace-separated tokens, {} distinct words, k = 10",
        label,
        text.len(),
        tokens,
        distinct
    );
    println!(
        "{:<6} {:>12} {:>10} {:>12} {:>16} {:>16} {:>16}",
        "impl", "allocs", "reallocs", "deallocs", "bytes_allocated", "peak_live_bytes", "allocs_per_token"
    );
    for imp in Impl::ALL {
        let base_live = LIVE.load(Relaxed);
        PEAK.store(base_live, Relaxed);
        let (a0, r0, d0, b0) =
            (ALLOCS.load(Relaxed), REALLOCS.load(Relaxed), DEALLOCS.load(Relaxed), BYTES.load(Relaxed));
        let out = black_box(imp.run(black_box(&text), 10));
        drop(out);
        let allocs = ALLOCS.load(Relaxed) - a0;
        println!(
            "{:<6} {:>12} {:>10} {:>12} {:>16} {:>16} {:>16.4}",
            imp.name(),
            allocs,
            REALLOCS.load(Relaxed) - r0,
            DEALLOCS.load(Relaxed) - d0,
            BYTES.load(Relaxed) - b0,
            PEAK.load(Relaxed) - base_live,
            allocs as f64 / tokens as f64
        );
    }
    println!();
}

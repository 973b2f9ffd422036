//! Run one version on the large corpus in a loop, for profiling.
//! Usage: profile <v0|v1|v2|v3|final> [seconds, default 3]

use std::hint::black_box;
use std::time::{Duration, Instant};
use wordcount::{corpus, Impl};

fn main() {
    let mut args = std::env::args().skip(1);
    let name = args.next().unwrap_or_else(|| "final".to_string());
    let imp = Impl::parse(&name).expect("version must be one of v0 v1 v2 v3 final");
    let secs: f64 = args.next().map(|s| s.parse().expect("seconds")).unwrap_or(3.0);

    let text = corpus::generate(corpus::LARGE_BYTES, corpus::SEED);
    let deadline = Instant::now() + Duration::from_secs_f64(secs);
    let mut iterations = 0u64;
    while Instant::now() < deadline {
        black_box(imp.run(black_box(&text), 10));
        iterations += 1;
    }
    println!("{} iterations of {} in {:.1} s", iterations, imp.name(), secs);
}

//! Criterion benchmark. The version under test is chosen with the WC_IMPL
//! environment variable (v0, v1, v2, v3, final; default: final), so that the
//! benchmark ids stay identical across versions and Criterion's
//! `--save-baseline` / `--baseline` comparisons line up.
//!
//! What is measured is chosen with WC_CLOCK:
//! * `cpu` (default): CPU time consumed by the benchmarking thread
//!   (`clock_gettime(CLOCK_THREAD_CPUTIME_ID)`), in nanoseconds. On a shared
//!   2-vCPU machine this ignores the time the thread spends descheduled while
//!   other processes run, which wall-clock time does not.
//! * `wall`: Criterion's default wall-clock measurement.

use criterion::measurement::{Measurement, ValueFormatter, WallTime};
use criterion::{black_box, criterion_main, Criterion, Throughput};
use wordcount::{corpus, Impl};

const K: usize = 10;

fn bench<M: Measurement>(c: &mut Criterion<M>) {
    let name = std::env::var("WC_IMPL").unwrap_or_else(|_| "final".to_string());
    let imp = Impl::parse(&name).unwrap_or_else(|| panic!("unknown WC_IMPL={name}"));
    eprintln!("WC_IMPL={}", imp.name());

    let mut group = c.benchmark_group("top_words");
    for (id, bytes) in [("small", corpus::SMALL_BYTES), ("large", corpus::LARGE_BYTES)] {
        let text = corpus::generate(bytes, corpus::SEED);
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_function(id, |b| b.iter(|| imp.run(black_box(&text), black_box(K))));
    }
    group.finish();
}

fn benches() {
    let clock = std::env::var("WC_CLOCK").unwrap_or_else(|_| "cpu".to_string());
    eprintln!("WC_CLOCK={clock}");
    match clock.as_str() {
        "cpu" => {
            let mut c = Criterion::default().with_measurement(ThreadCpuTime).configure_from_args();
            bench(&mut c);
        }
        "wall" => {
            let mut c = Criterion::default().with_measurement(WallTime).configure_from_args();
            bench(&mut c);
        }
        other => panic!("unknown WC_CLOCK={other} (cpu or wall)"),
    }
}

criterion_main!(benches);

// --- Thread CPU time as a Criterion measurement --------------------------

#[repr(C)]
struct Timespec {
    tv_sec: i64,
    tv_nsec: i64,
}

extern "C" {
    fn clock_gettime(clock_id: i32, tp: *mut Timespec) -> i32;
}

/// Linux `CLOCK_THREAD_CPUTIME_ID`.
const CLOCK_THREAD_CPUTIME_ID: i32 = 3;

fn thread_cpu_ns() -> u64 {
    let mut ts = Timespec { tv_sec: 0, tv_nsec: 0 };
    // SAFETY: valid pointer to a timespec-layout struct (x86_64 Linux).
    let rc = unsafe { clock_gettime(CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    assert_eq!(rc, 0, "clock_gettime(CLOCK_THREAD_CPUTIME_ID) failed");
    ts.tv_sec as u64 * 1_000_000_000 + ts.tv_nsec as u64
}

/// CPU time of the calling thread, in nanoseconds.
struct ThreadCpuTime;

impl Measurement for ThreadCpuTime {
    type Intermediate = u64;
    type Value = u64;

    fn start(&self) -> u64 {
        thread_cpu_ns()
    }
    fn end(&self, start: u64) -> u64 {
        thread_cpu_ns() - start
    }
    fn add(&self, a: &u64, b: &u64) -> u64 {
        a + b
    }
    fn zero(&self) -> u64 {
        0
    }
    fn to_f64(&self, v: &u64) -> f64 {
        *v as f64
    }
    fn formatter(&self) -> &dyn ValueFormatter {
        &NanosFormatter
    }
}

/// Same units as Criterion's wall-clock formatter (values are nanoseconds).
struct NanosFormatter;

impl ValueFormatter for NanosFormatter {
    fn scale_values(&self, ns: f64, values: &mut [f64]) -> &'static str {
        let (factor, unit) = if ns < 1e3 {
            (1.0, "ns")
        } else if ns < 1e6 {
            (1e-3, "µs")
        } else if ns < 1e9 {
            (1e-6, "ms")
        } else {
            (1e-9, "s")
        };
        for v in values {
            *v *= factor;
        }
        unit
    }

    fn scale_throughputs(&self, typical: f64, t: &Throughput, values: &mut [f64]) -> &'static str {
        let per_op = match *t {
            Throughput::Bytes(n) | Throughput::Elements(n) => n as f64,
        };
        let typical_per_s = per_op * 1e9 / typical;
        let (denom, unit) = match (t, typical_per_s) {
            (Throughput::Bytes(_), x) if x < 1024.0 * 1024.0 * 1024.0 => (1024.0 * 1024.0, "MiB/s"),
            (Throughput::Bytes(_), _) => (1024.0 * 1024.0 * 1024.0, "GiB/s"),
            (Throughput::Elements(_), _) => (1e6, "Melem/s"),
        };
        for v in values {
            *v = per_op * 1e9 / *v / denom;
        }
        unit
    }

    fn scale_for_machines(&self, _values: &mut [f64]) -> &'static str {
        "ns"
    }
}

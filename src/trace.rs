//! Phase timings on stderr when `WHENWHERE_TRACE` is set: where a build spends its time,
//! for the benchmark and for profiling large calendars.

use std::sync::OnceLock;
use std::time::Instant;

/// Prints how long a phase took since `since`, if tracing is on; returns now.
pub fn phase(label: &str, since: Instant) -> Instant {
    static ON: OnceLock<bool> = OnceLock::new();
    if *ON.get_or_init(|| std::env::var_os("WHENWHERE_TRACE").is_some()) {
        crate::say!("trace: {label:<24} {:>8.3} s", since.elapsed().as_secs_f64());
    }
    Instant::now()
}

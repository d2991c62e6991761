//! `A0LINT_TIMING`: where a run spends its time, on standard error.
//!
//! Set the variable to any value and `a0lint check` reports each phase (loading, schema
//! validation, rules with the slowest rules listed, sorting, the gate, rendering, writing) as
//! `a0lint timing: <phase> <milliseconds> ms`. It is a profiler for rule authors and for the
//! benchmarks' closing notes; nothing parses it, and without the variable it costs one lookup.

use std::fmt::Display;
use std::sync::LazyLock;
use std::time::{Duration, Instant};

static ENABLED: LazyLock<bool> = LazyLock::new(|| std::env::var_os("A0LINT_TIMING").is_some());

/// True when `A0LINT_TIMING` is set.
pub fn enabled() -> bool {
    *ENABLED
}

/// Prints `a0lint timing: <what> <ms> ms` when timing is on.
pub fn report(what: impl Display, took: Duration) {
    if enabled() {
        eprintln!(
            "a0lint timing: {what} {:.1} ms",
            took.as_secs_f64() * 1000.0
        );
    }
}

/// Times consecutive phases: each [`Laps::lap`] reports the time since the previous one.
pub struct Laps(Instant);

impl Laps {
    pub fn start() -> Laps {
        Laps(Instant::now())
    }

    pub fn lap(&mut self, what: impl Display) {
        report(what, self.0.elapsed());
        self.0 = Instant::now();
    }
}

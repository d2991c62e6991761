//! What every benchmark reports besides wall time. On a shared, busy machine wall time says
//! little; CPU time says what the work costs.

/// CPU time (user and system) used so far by every thread of this process, in milliseconds, from
/// `/proc/self/stat` (Linux; 0 elsewhere).
pub fn cpu_ms() -> f64 {
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else {
        return 0.0;
    };
    // The fields after the command name, which is in parentheses and may hold spaces.
    let rest = stat.rsplit(')').next().unwrap_or("");
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|v| v.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    // utime and stime are the file's 14th and 15th fields, 12th and 13th after the name, counted
    // at 100 ticks per second.
    (ticks(11) + ticks(12)) * 10.0
}

/// The machine's load average over 1, 5 and 15 minutes, to read the figures by.
#[allow(dead_code)] // `load` and `docs` do not print it
pub fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "unknown".into())
}

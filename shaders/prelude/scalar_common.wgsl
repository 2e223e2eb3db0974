// Helpers shared by every T, written only in terms of the per-type scalar prelude (so that an
// emulated T reuses them).

// NumPy's maximum/minimum propagate NaN; the WGSL builtins leave it unspecified.
fn t_max_nan(a: T, b: T) -> T {
    if (t_isnan(a)) { return a; }
    if (t_isnan(b)) { return b; }
    return t_max(a, b);
}

fn t_min_nan(a: T, b: T) -> T {
    if (t_isnan(a)) { return a; }
    if (t_isnan(b)) { return b; }
    return t_min(a, b);
}

// abs: only negative values flip, which also covers unsigned types; NaN stays NaN.
fn t_abs(x: T) -> T {
    if (t_lt(x, t_zero())) { return t_neg(x); }
    return x;
}

// Total order used by sorting: NaN after everything, as in NumPy.
fn t_less(a: T, b: T) -> bool {
    if (t_isnan(a)) { return false; }
    if (t_isnan(b)) { return true; }
    return t_lt(a, b);
}

// The source element type S of kernels that read one type and write another.
alias S = f64;
fn s_isnan(x: S) -> bool { return !(x == x); }
// An f64 source exists only on adapters with native f64, where every T is a native scalar.
// Saturating for integer T, as the CPU path's `as` (t_lowest and t_highest are exact in f64;
// for float T they are infinite and the tests change nothing).
fn s_to_t(x: S) -> T {
    if (x >= S(t_highest())) { return t_highest(); }
    if (x <= S(t_lowest())) { return t_lowest(); }
    return T(x);
}

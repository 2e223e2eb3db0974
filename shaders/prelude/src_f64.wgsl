// The source element type S of kernels that read one type and write another.
alias S = f64;
fn s_isnan(x: S) -> bool { return !(x == x); }

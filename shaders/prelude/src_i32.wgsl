// The source element type S of kernels that read one type and write another.
alias S = i32;
fn s_isnan(x: S) -> bool { return false; }
fn s_to_t(x: S) -> T { return t_from_i32(x); }

// The source element type S of kernels that read one type and write another.
alias S = u32;
fn s_isnan(x: S) -> bool { return false; }
fn s_to_t(x: S) -> T { return t_from_u32(x); }

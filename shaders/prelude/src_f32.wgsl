// The source element type S of kernels that read one type and write another.
alias S = f32;
fn s_isnan(x: S) -> bool { return (bitcast<u32>(x) & 0x7fffffffu) > 0x7f800000u; }
fn s_to_t(x: S) -> T { return t_from_f32(x); }

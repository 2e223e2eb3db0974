// The source element type S of kernels that read one type and write another: df64
// (prelude/df64.wgsl), read into a float T (f32 rounds the pair; df64 copies it).
alias S = Df64;
fn s_isnan(x: S) -> bool { return (bitcast<u32>(x.hi) & 0x7fffffffu) > 0x7f800000u; }
fn s_to_t(x: S) -> T { return t_add(t_from_f32(x.hi), t_from_f32(x.lo)); }

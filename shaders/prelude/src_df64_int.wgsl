// The source element type S of kernels that read one type and write another: df64
// (prelude/df64.wgsl), truncated toward zero into an integer T and saturated, as the CPU
// path's `as`.
alias S = Df64;
fn s_isnan(x: S) -> bool { return (bitcast<u32>(x.hi) & 0x7fffffffu) > 0x7f800000u; }
fn s_to_t(x: S) -> T {
    // A fraction in hi means |lo| is below hi's distance to an integer: hi alone truncates.
    if (x.hi != floor(x.hi)) { return t_from_f32(x.hi); }
    // hi is an integer and lo moves the value toward zero by at most ulp(hi) / 2.
    let adj = select(ceil(x.lo), floor(x.lo), x.hi > 0.0);
    let h = t_from_f32(x.hi);
    // t_from_f32 saturates; at exactly the f32 neighbour of T's limit, lo may bring the value
    // back inside, where wrapping integer arithmetic lands on it.
    if (t_eq(h, t_highest())) {
        if (x.hi > f32(t_highest()) || adj >= 0.0) { return h; }
        return t_sub(t_add(h, t_one()), t_from_f32(-adj));
    }
    if (t_eq(h, t_lowest()) && (x.hi < f32(t_lowest()) || adj <= 0.0)) { return h; }
    if (adj >= 0.0) { return t_add(h, t_from_f32(adj)); }
    return t_sub(h, t_from_f32(-adj));
}

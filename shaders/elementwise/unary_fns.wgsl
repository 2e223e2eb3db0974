// The unary ops' functions that are not prelude helpers: shared by the unary kernels and
// chain.wgsl, which switches over the same tables.

fn reciprocal(x: T) -> T { return t_div(t_one(), x); }

fn square(x: T) -> T { return t_mul(x, x); }

fn sign_of(x: T) -> T {
    if (t_isnan(x)) { return x; }
    if (t_lt(t_zero(), x)) { return t_one(); }
    if (t_lt(x, t_zero())) { return t_sub(t_zero(), t_one()); }
    return t_zero();
}

// Per-element tests giving 0/1: isnan, isfinite, nonzero (the cast to bool) and iszero (not).
override OP: u32 = 0u;

@group(0) @binding(1) var<storage, read> a: array<T>;
@group(0) @binding(2) var<storage, read_write> dst: array<u32>;

fn is_finite(x: T) -> bool { return !t_isnan(x) && !t_isinf(x); }
// NaN is nonzero (as in NumPy); drivers may fold NaN comparisons, so it is tested apart.
fn nonzero(x: T) -> bool { return t_isnan(x) || !t_eq(x, t_zero()); }
fn is_zero(x: T) -> bool { return !nonzero(x); }

// The switch over OP is generated from the op table (ops::op_tables::PredicateOp).
fn apply(x: T) -> bool {
    switch OP {
        OP_CASES(x)
    }
}

@compute @workgroup_size(256)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
    let i = flat_id(wg, nwg, lid);
    if (i >= params.len) { return; }
    let g = params.first + i;
    let x = a[in_index(0u, g)];
    dst[out_index(g)] = select(0u, 1u, apply(x));
}

// Per-element tests giving 0/1: isnan, isfinite, nonzero (the cast to bool) and iszero (not).
override OP: u32 = 0u;

@group(0) @binding(1) var<storage, read> a: array<T>;
@group(0) @binding(2) var<storage, read_write> dst: array<u32>;

@compute @workgroup_size(256)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
    let i = flat_id(wg, nwg, lid);
    if (i >= params[0]) { return; }
    let g = params[2] + i;
    let x = a[in_index(0u, g)];
    var r: bool;
    switch OP {
        case 0u: { r = t_isnan(x); }
        case 1u: { r = !t_isnan(x) && !t_isinf(x); }
        // NaN is nonzero (as in NumPy); drivers may fold NaN comparisons, so it is tested apart.
        case 2u: { r = t_isnan(x) || x != t_zero(); }
        default: { r = !t_isnan(x) && x == t_zero(); }
    }
    dst[out_index(g)] = select(0u, 1u, r);
}

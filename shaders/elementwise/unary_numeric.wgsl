// Unary functions defined for every numeric T; OP is a pipeline constant.
override OP: u32 = 0u;

@group(0) @binding(1) var<storage, read> a: array<T>;
@group(0) @binding(2) var<storage, read_write> dst: array<T>;

fn sign_of(x: T) -> T {
    if (t_isnan(x)) { return x; }
    if (x > t_zero()) { return t_one(); }
    if (x < t_zero()) { return t_sub(t_zero(), t_one()); }
    return t_zero();
}

@compute @workgroup_size(256)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
    let i = flat_id(wg, nwg, lid);
    if (i >= params[0]) { return; }
    let g = params[2] + i;
    let x = a[in_index(0u, g)];
    var r: T;
    switch OP {
        // abs: max(x, -x) also covers unsigned types, where -x wraps.
        case 0u: { r = select(x, t_sub(t_zero(), x), x < t_zero()); }
        case 1u: { r = t_sub(t_zero(), x); }
        case 2u: { r = t_mul(x, x); }
        default: { r = sign_of(x); }
    }
    dst[out_index(g)] = r;
}

// out = a OP b with broadcasting; OP is a pipeline constant (see ops::elementwise::BinaryOp).
override OP: u32 = 0u;

@group(0) @binding(1) var<storage, read> a: array<T>;
@group(0) @binding(2) var<storage, read> b: array<T>;
@group(0) @binding(3) var<storage, read_write> dst: array<T>;

@compute @workgroup_size(256)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
    let i = flat_id(wg, nwg, lid);
    if (i >= params[0]) { return; }
    let g = params[2] + i;
    let x = a[in_index(0u, g)];
    let y = b[in_index(1u, g)];
    var r: T;
    switch OP {
        case 0u: { r = t_add(x, y); }
        case 1u: { r = t_sub(x, y); }
        case 2u: { r = t_mul(x, y); }
        case 3u: { r = t_div(x, y); }
        case 4u: { r = t_pow(x, y); }
        case 5u: { r = t_max_nan(x, y); }
        default: { r = t_min_nan(x, y); }
    }
    dst[out_index(g)] = r;
}

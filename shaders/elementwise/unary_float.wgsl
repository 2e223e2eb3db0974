// Float-only unary functions; OP is a pipeline constant (see ops::elementwise::UnaryOp).
override OP: u32 = 0u;

@group(0) @binding(1) var<storage, read> a: array<T>;
@group(0) @binding(2) var<storage, read_write> dst: array<T>;

@compute @workgroup_size(256)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
    let i = flat_id(wg, nwg, lid);
    if (i >= params[0]) { return; }
    let g = params[2] + i;
    let x = a[in_index(0u, g)];
    var r: T;
    switch OP {
        case 0u: { r = t_sqrt(x); }
        case 1u: { r = t_one() / x; }
        case 2u: { r = t_exp(x); }
        case 3u: { r = t_expm1(x); }
        case 4u: { r = t_log(x); }
        case 5u: { r = t_log1p(x); }
        case 6u: { r = t_sin(x); }
        case 7u: { r = t_cos(x); }
        case 8u: { r = t_tanh(x); }
        case 9u: { r = floor(x); }
        case 10u: { r = ceil(x); }
        default: { r = round(x); }
    }
    dst[out_index(g)] = r;
}

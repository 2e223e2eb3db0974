// out = (a CMP b) as 0/1 with broadcasting. Comparisons with NaN are false, except !=.
override OP: u32 = 0u;

@group(0) @binding(1) var<storage, read> a: array<T>;
@group(0) @binding(2) var<storage, read> b: array<T>;
@group(0) @binding(3) var<storage, read_write> dst: array<u32>;

@compute @workgroup_size(256)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
    let i = flat_id(wg, nwg, lid);
    if (i >= params[0]) { return; }
    let g = params[2] + i;
    let x = a[in_index(0u, g)];
    let y = b[in_index(1u, g)];
    let unordered = t_isnan(x) || t_isnan(y);
    var r: bool;
    switch OP {
        case 0u: { r = !unordered && x == y; }
        case 1u: { r = unordered || x != y; }
        case 2u: { r = !unordered && x < y; }
        case 3u: { r = !unordered && x <= y; }
        case 4u: { r = !unordered && x > y; }
        default: { r = !unordered && x >= y; }
    }
    dst[out_index(g)] = select(0u, 1u, r);
}

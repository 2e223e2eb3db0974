// out = cond ? a : b with broadcasting over all three.
@group(0) @binding(1) var<storage, read> cond: array<u32>;
@group(0) @binding(2) var<storage, read> a: array<T>;
@group(0) @binding(3) var<storage, read> b: array<T>;
@group(0) @binding(4) var<storage, read_write> dst: array<T>;

@compute @workgroup_size(256)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
    let i = flat_id(wg, nwg, lid);
    if (i >= params.len) { return; }
    let g = params.first + i;
    let c = cond[in_index(0u, g)];
    let x = a[in_index(1u, g)];
    let y = b[in_index(2u, g)];
    if (c != 0u) {
        dst[out_index(g)] = x;
    } else {
        dst[out_index(g)] = y;
    }
}

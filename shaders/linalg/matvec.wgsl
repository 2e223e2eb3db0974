// y = A x for a row-major m x k matrix: 8 rows per workgroup, 32 lanes per row striding
// over k, then a tree over the lanes. A may be a window of a larger buffer.
// Params written by src/backend/gpu/matmul.rs.
struct MatvecParams {
    rows: u32, // rows in this dispatch
    k: u32,
    a_start: u32, // offset of the first row in `a`
    y_start: u32, // first output row (window-relative)
}
@group(0) @binding(0) var<storage, read> params: MatvecParams;
@group(0) @binding(1) var<storage, read> a: array<T>;
@group(0) @binding(2) var<storage, read> x: array<T>;
@group(0) @binding(3) var<storage, read_write> y: array<T>;

var<workgroup> lanes: array<T, 256>;

@compute @workgroup_size(256)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
    let row = (wg.x + wg.y * nwg.x) * 8u + lid / 32u;
    let lane = lid % 32u;
    let k = params.k;
    var acc = t_zero();
    if (row < params.rows) {
        let base = params.a_start + row * k;
        for (var j = lane; j < k; j = j + 32u) {
            acc = t_fma(a[base + j], x[j], acc);
        }
    }
    lanes[lid] = acc;
    workgroupBarrier();
    for (var stride = 16u; stride > 0u; stride = stride / 2u) {
        if (lane < stride) {
            lanes[lid] = t_add(lanes[lid], lanes[lid + stride]);
        }
        workgroupBarrier();
    }
    if (lane == 0u && row < params.rows) {
        y[params.y_start + row] = lanes[lid];
    }
}

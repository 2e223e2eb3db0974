// Y = A W for a row-major m x k matrix A and COLS <= 16 columns of W (one for A x): 8 rows per
// workgroup, 32 lanes per row striding over k with one accumulator per column, then a tree over
// the lanes for each column. A is read once, along its rows; W (COLS x k at most) comes from
// cache. Column q of W at depth j is w[q * k + j] when W is stored transposed (the rows of
// components_ or coef_), w[j * COLS + q] otherwise. COLS is a pipeline constant, so the loops
// over it unroll and the accumulators stay in registers. A may be a window of a larger buffer.
// Params written by src/backend/gpu/matmul.rs.
override COLS: u32 = 1u;

struct MatvecParams {
    rows: u32, // rows in this dispatch
    k: u32,
    a_start: u32, // offset of the first row in `a`
    y_start: u32, // first output row (window-relative)
    w_trans: u32,
}
@group(0) @binding(0) var<storage, read> params: MatvecParams;
@group(0) @binding(1) var<storage, read> a: array<T>;
@group(0) @binding(2) var<storage, read> w: array<T>;
@group(0) @binding(3) var<storage, read_write> y: array<T>;

var<workgroup> lanes: array<T, 256>;

fn w_at(q: u32, j: u32) -> T {
    if (params.w_trans == 1u) {
        return w[q * params.k + j];
    }
    return w[j * COLS + q];
}

@compute @workgroup_size(256)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
    let row = (wg.x + wg.y * nwg.x) * 8u + lid / 32u;
    let lane = lid % 32u;
    let k = params.k;
    var acc: array<T, 16>;
    for (var q = 0u; q < COLS; q = q + 1u) {
        acc[q] = t_zero();
    }
    if (row < params.rows) {
        let base = params.a_start + row * k;
        for (var j = lane; j < k; j = j + 32u) {
            let v = a[base + j];
            for (var q = 0u; q < COLS; q = q + 1u) {
                acc[q] = t_fma(v, w_at(q, j), acc[q]);
            }
        }
    }
    for (var q = 0u; q < COLS; q = q + 1u) {
        lanes[lid] = acc[q];
        workgroupBarrier();
        for (var stride = 16u; stride > 0u; stride = stride / 2u) {
            if (lane < stride) {
                lanes[lid] = t_add(lanes[lid], lanes[lid + stride]);
            }
            workgroupBarrier();
        }
        if (lane == 0u && row < params.rows) {
            y[params.y_start + row * COLS + q] = lanes[lid];
        }
        // The next column's partial sums overwrite `lanes`.
        workgroupBarrier();
    }
}

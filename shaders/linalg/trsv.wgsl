// Triangular solves M X = B in place in B (p x r, row-major), one thread per right-hand side
// column, rows [first, end) per dispatch (llvmpipe caps the iterations of one loop; earlier
// rows are already solved in B). M is A (lower or upper) or its transpose; `forward` is
// whether M is lower triangular, so rows run upwards otherwise.
// Params written by src/backend/gpu/factor.rs.
struct TrsvParams {
    p: u32,
    r: u32,
    transpose: u32, // 1 to use A^T
    lower: u32, // 1 when M is lower
    first_step: u32, // steps count rows in solving order
    end_step: u32,
    b_start: u32, // window start of `b`
}
@group(0) @binding(0) var<storage, read> params: TrsvParams;
@group(0) @binding(1) var<storage, read> a: array<T>;
@group(0) @binding(2) var<storage, read_write> b: array<T>;

fn m_at(i: u32, k: u32) -> T {
    let p = params.p;
    if (params.transpose == 1u) { return a[k * p + i]; }
    return a[i * p + k];
}

@compute @workgroup_size(256)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
    let col = (wg.x + wg.y * nwg.x) * 256u + lid;
    let p = params.p;
    let r = params.r;
    if (col >= r) { return; }
    let lower = params.lower == 1u;
    for (var step = params.first_step; step < params.end_step; step = step + 1u) {
        let i = select(p - 1u - step, step, lower);
        var s = b[i * r + col - params.b_start];
        // The solved rows: k < i going down, k > i going up.
        for (var t = 0u; t < step; t = t + 1u) {
            let k = select(p - 1u - t, t, lower);
            s = t_sub(s, t_mul(m_at(i, k), b[k * r + col - params.b_start]));
        }
        b[i * r + col - params.b_start] = t_div(s, m_at(i, i));
    }
}

// Gathers along the middle axis of an (outer, n, inner) source: out[o, j, :] = src[o, index[j], :].
// The output and the source may each be windows of larger buffers; a dispatch writes only the
// outputs whose source row lies in the bound source window, and the host loops over windows.
// Params written by src/backend/gpu/gather.rs.
struct TakeParams {
    len: u32, // output elements in this dispatch
    n: u32,
    inner: u32,
    k: u32,
    first_row: u32, // first output row (global, in outer * k rows)
    dst_start: u32, // output window start
    src_first_row: u32, // source rows in the window, [first, end) in outer * n rows
    src_end_row: u32,
    src_start: u32, // source window start
    index_start: u32, // index window start
}
@group(0) @binding(0) var<storage, read> params: TakeParams;
@group(0) @binding(1) var<storage, read> index: array<u32>;
@group(0) @binding(2) var<storage, read> src: array<T>;
@group(0) @binding(3) var<storage, read_write> dst: array<T>;

@compute @workgroup_size(256)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
    let e = (wg.x + wg.y * nwg.x) * 256u + lid;
    if (e >= params.len) { return; }
    let inner = params.inner;
    let q = params.first_row + e / inner;
    let i = e % inner;
    let o = q / params.k;
    let j = q % params.k;
    let r = o * params.n + index[j - params.index_start];
    if (r >= params.src_first_row && r < params.src_end_row) {
        dst[q * inner + i - params.dst_start] = src[r * inner + i - params.src_start];
    }
}

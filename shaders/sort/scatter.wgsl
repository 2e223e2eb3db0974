// dst[index[i]] = src[i] for every i whose index is not 0xffffffff (the "skip" marker) and
// falls in the bound window of `dst`; the host loops over source and destination windows.
// Params written by src/backend/gpu/sort.rs.
struct ScatterParams {
    len: u32, // elements in this dispatch
    first: u32, // the first (global)
    index_start: u32, // window starts
    src_start: u32,
    dst_first: u32, // destination range [dst_first, dst_end) of this dispatch
    dst_end: u32,
    dst_start: u32,
}
@group(0) @binding(0) var<storage, read> params: ScatterParams;
@group(0) @binding(1) var<storage, read> index: array<u32>;
@group(0) @binding(2) var<storage, read> src: array<T>;
@group(0) @binding(3) var<storage, read_write> dst: array<T>;

@compute @workgroup_size(256)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
    let t = (wg.x + wg.y * nwg.x) * 256u + lid;
    if (t >= params.len) { return; }
    let i = params.first + t;
    let to = index[i - params.index_start];
    if (to != 0xffffffffu && to >= params.dst_first && to < params.dst_end) {
        dst[to - params.dst_start] = src[i - params.src_start];
    }
}

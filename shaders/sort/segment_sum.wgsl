// out[b] += the elements src[start[b] + skip .. min(end[b], start[b] + skip + count)) that lie in
// the bound window [w0, w1) of `src`, in index order. With src sorted stably by bin this adds
// each bin's weights in input order, as NumPy's weighted bincount does. The host loops over
// `skip` in steps of `count` (llvmpipe caps the iterations of one loop) and over windows.
// Params written by src/backend/gpu/sort.rs.
struct SegmentSumParams {
    segments: u32,
    skip: u32, // elements of each segment already added
    count: u32, // elements per segment in this dispatch
    w0: u32, // the bound window [w0, w1) of `src`
    w1: u32,
    overwrite: u32, // 1 for the first dispatch (which overwrites instead of adding)
    src_start: u32, // window start of `src`
}
@group(0) @binding(0) var<storage, read> params: SegmentSumParams;
@group(0) @binding(1) var<storage, read> start: array<i32>;
@group(0) @binding(2) var<storage, read> end: array<i32>;
@group(0) @binding(3) var<storage, read> src: array<T>;
@group(0) @binding(4) var<storage, read_write> dst: array<T>;

@compute @workgroup_size(256)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
    let b = (wg.x + wg.y * nwg.x) * 256u + lid;
    if (b >= params.segments) { return; }
    var acc = t_zero();
    if (params.overwrite == 0u) { acc = dst[b]; }
    let first = max(u32(start[b]) + params.skip, params.w0);
    let last = min(min(u32(end[b]), u32(start[b]) + params.skip + params.count), params.w1);
    for (var i = first; i < last; i = i + 1u) {
        acc = t_add(acc, src[i - params.src_start]);
    }
    dst[b] = acc;
}

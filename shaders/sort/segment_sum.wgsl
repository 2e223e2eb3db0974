// out[b] += the elements src[start[b] + from .. min(end[b], start[b] + from + count)) that lie in
// the bound window [w0, w1) of `src`, in index order. With src sorted stably by bin this adds
// each bin's weights in input order, as NumPy's weighted bincount does. The host loops over
// `from` in steps of `count` (llvmpipe caps the iterations of one loop) and over windows.
// Layout (written by src/backend/gpu/sort.rs): params[0] segments, params[1] from,
// params[2] count, params[3] w0, params[4] w1, params[5] 1 for the first dispatch (which
// overwrites instead of adding), params[6] the window start of `src`.
@group(0) @binding(0) var<storage, read> params: array<u32>;
@group(0) @binding(1) var<storage, read> start: array<i32>;
@group(0) @binding(2) var<storage, read> end: array<i32>;
@group(0) @binding(3) var<storage, read> src: array<T>;
@group(0) @binding(4) var<storage, read_write> dst: array<T>;

@compute @workgroup_size(256)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
    let b = (wg.x + wg.y * nwg.x) * 256u + lid;
    if (b >= params[0]) { return; }
    var acc = t_zero();
    if (params[5] == 0u) { acc = dst[b]; }
    let first = max(u32(start[b]) + params[1], params[3]);
    let last = min(min(u32(end[b]), u32(start[b]) + params[1] + params[2]), params[4]);
    for (var i = first; i < last; i = i + 1u) {
        acc = t_add(acc, src[i - params[6]]);
    }
    dst[b] = acc;
}

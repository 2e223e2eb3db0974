// out[b] = sum of src[start[b] .. end[b]], in index order. With src sorted stably by bin this
// adds each bin's weights in input order, as NumPy's weighted bincount does. A dispatch adds
// the elements [from, from + count) of every segment to the sums of earlier dispatches
// (llvmpipe caps the iterations of one loop).
// Layout (written by src/backend/gpu/sort.rs): params[0] segments, params[1] from, params[2] count.
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
    if (params[1] > 0u) { acc = dst[b]; }
    let first = u32(start[b]) + params[1];
    let last = min(u32(end[b]), first + params[2]);
    for (var i = first; i < last; i = i + 1u) {
        acc = t_add(acc, src[i]);
    }
    dst[b] = acc;
}

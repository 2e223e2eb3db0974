// out[b] = sum of src[start[b] .. end[b]], in index order. With src sorted stably by bin this
// adds each bin's weights in input order, as NumPy's weighted bincount does.
// Layout (written by src/ops/sort.rs): params[0] segments.
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
    for (var i = u32(start[b]); i < u32(end[b]); i = i + 1u) {
        acc = t_add(acc, src[i]);
    }
    dst[b] = acc;
}

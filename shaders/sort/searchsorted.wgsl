// For every value, the insertion point in a sorted 1-D array (NumPy's searchsorted): the first
// position whose element is not before the value (side left) or is after it (side right).
// Layout (written by src/backend/gpu/sort.rs): params[0] values in this dispatch, params[1] sorted
// length, params[2] 1 for right, params[3] first value (global), params[4] and params[5] the
// window starts of `values` and `dst` (values may exceed one binding; `sorted` may not).
@group(0) @binding(0) var<storage, read> params: array<u32>;
@group(0) @binding(1) var<storage, read> sorted: array<T>;
@group(0) @binding(2) var<storage, read> values: array<T>;
@group(0) @binding(3) var<storage, read_write> dst: array<i32>;

@compute @workgroup_size(256)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
    let t = (wg.x + wg.y * nwg.x) * 256u + lid;
    if (t >= params[0]) { return; }
    let i = params[3] + t;
    let v = values[i - params[4]];
    var lo = 0u;
    var hi = params[1];
    while (lo < hi) {
        let mid = (lo + hi) / 2u;
        let s = sorted[mid];
        var go_right: bool;
        if (params[2] == 1u) {
            go_right = !t_less(v, s);
        } else {
            go_right = t_less(s, v);
        }
        if (go_right) { lo = mid + 1u; } else { hi = mid; }
    }
    dst[i - params[5]] = i32(lo);
}

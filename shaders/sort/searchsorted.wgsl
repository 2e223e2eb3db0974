// For every value, the insertion point in a sorted 1-D array (NumPy's searchsorted): the number
// of elements before the value (side left) or not after it (side right). A dispatch searches
// the part [s0, s1) of `sorted` in its bound window and adds that part's count, so a sorted
// array larger than one binding is searched window by window.
// Layout (written by src/backend/gpu/sort.rs): params[0] values in this dispatch, params[1]
// 1 for side right, params[2] first value (global), params[3] and params[4] the window starts
// of `values` and `dst`, params[5] s0, params[6] s1, params[7] the window start of `sorted`,
// params[8] 1 for the first part (which overwrites instead of adding).
@group(0) @binding(0) var<storage, read> params: array<u32>;
@group(0) @binding(1) var<storage, read> sorted: array<T>;
@group(0) @binding(2) var<storage, read> values: array<T>;
@group(0) @binding(3) var<storage, read_write> dst: array<i32>;

@compute @workgroup_size(256)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
    let t = (wg.x + wg.y * nwg.x) * 256u + lid;
    if (t >= params[0]) { return; }
    let i = params[2] + t;
    let v = values[i - params[3]];
    var lo = params[5];
    var hi = params[6];
    while (lo < hi) {
        let mid = (lo + hi) / 2u;
        let s = sorted[mid - params[7]];
        var go_right: bool;
        if (params[1] == 1u) {
            go_right = !t_less(v, s);
        } else {
            go_right = t_less(s, v);
        }
        if (go_right) { lo = mid + 1u; } else { hi = mid; }
    }
    var count = i32(lo - params[5]);
    if (params[8] == 0u) { count = count + dst[i - params[4]]; }
    dst[i - params[4]] = count;
}

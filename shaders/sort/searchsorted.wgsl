// For every value, the insertion point in a sorted 1-D array (NumPy's searchsorted): the number
// of elements before the value (side left) or not after it (side right). A dispatch searches
// the part [s0, s1) of `sorted` in its bound window and adds that part's count, so a sorted
// array larger than one binding is searched window by window.
// Params written by src/backend/gpu/sort.rs.
struct SearchsortedParams {
    len: u32, // values in this dispatch
    right: u32, // 1 for side right
    first: u32, // first value (global)
    values_start: u32, // window starts
    dst_start: u32,
    s0: u32, // the part [s0, s1) of `sorted`
    s1: u32,
    sorted_start: u32,
    overwrite: u32, // 1 for the first part (which overwrites instead of adding)
}
@group(0) @binding(0) var<storage, read> params: SearchsortedParams;
@group(0) @binding(1) var<storage, read> sorted: array<T>;
@group(0) @binding(2) var<storage, read> values: array<T>;
@group(0) @binding(3) var<storage, read_write> dst: array<i32>;

@compute @workgroup_size(256)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
    let t = (wg.x + wg.y * nwg.x) * 256u + lid;
    if (t >= params.len) { return; }
    let i = params.first + t;
    let v = values[i - params.values_start];
    var lo = params.s0;
    var hi = params.s1;
    while (lo < hi) {
        let mid = (lo + hi) / 2u;
        let s = sorted[mid - params.sorted_start];
        var go_right: bool;
        if (params.right == 1u) {
            go_right = !t_less(v, s);
        } else {
            go_right = t_less(s, v);
        }
        if (go_right) { lo = mid + 1u; } else { hi = mid; }
    }
    var count = i32(lo - params.s0);
    if (params.overwrite == 0u) { count = count + dst[i - params.dst_start]; }
    dst[i - params.dst_start] = count;
}

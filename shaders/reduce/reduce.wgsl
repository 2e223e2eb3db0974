// One pass of a reduction over the middle axis of an (outer, len, inner) array: every
// workgroup folds one segment of `seg` rows for up to `lanes_inner` columns into a partial.
// Each thread folds `chunk` rows serially, the workgroup then combines its threads as a
// binary tree, and the host repeats passes until one segment remains, so sums are pairwise.
// The segment a thread folds is segment.wgsl's.
override OP: u32 = 0u;   // 0 sum, 1 prod, 2 min, 3 max, 4 max of |x|

@group(0) @binding(1) var<storage, read> src: array<T>;
@group(0) @binding(2) var<storage, read_write> dst: array<T>;

var<workgroup> partial: array<T, 256>;

fn identity() -> T {
    switch OP {
        case 0u: { return t_zero(); }
        case 1u: { return t_one(); }
        case 2u: { return t_highest(); }
        case 3u: { return t_lowest(); }
        default: { return t_zero(); }
    }
}

fn combine(a: T, b: T) -> T {
    switch OP {
        case 0u: { return t_add(a, b); }
        case 1u: { return t_mul(a, b); }
        case 2u: { return t_min_nan(a, b); }
        case 3u: { return t_max_nan(a, b); }
        // Partials are never negative, so |.| may apply at every level of the tree.
        default: { return t_max_nan(a, t_abs(b)); }
    }
}

@compute @workgroup_size(256)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
    if (past_end(wg, nwg)) { return; }
    let s = segment_of(wg, nwg, lid);
    var acc = identity();
    if (s.col < params.inner) {
        for (var c = 0u; c < params.chunk; c = c + 1u) {
            let l = s.row0 + c * s.ll_n + s.ll;
            if (l < params.len) {
                acc = combine(acc, src[source_index(s, l)]);
            }
        }
    }
    partial[lid] = acc;
    workgroupBarrier();
    for (var stride = lanes_len() / 2u; stride > 0u; stride = stride / 2u) {
        if (s.ll < stride) {
            partial[lid] = combine(partial[lid], partial[lid + stride * s.li_n]);
        }
        workgroupBarrier();
    }
    if (s.ll == 0u && s.col < params.inner) {
        dst[partial_index(s)] = partial[lid];
    }
}

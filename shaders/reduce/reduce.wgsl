// One pass of a reduction over the middle axis of an (outer, len, inner) array: every
// workgroup folds one segment of `seg` rows for up to `lanes_inner` columns into a partial.
// Each thread folds `chunk` rows serially, the workgroup then combines its threads as a
// binary tree, and the host repeats passes until one segment remains, so sums are pairwise.
// Layout (written by src/backend/gpu/reduce.rs):
//   params[0] len         params[1] inner        params[2] segments per outer
//   params[3] seg         params[4] lanes_inner  params[5] chunk
//   params[6] first global segment of this dispatch
//   params[7] source window start   params[8] destination window start
//   params[9] column blocks per segment
//   params[13..16] source strides of outer, len and inner: (len * inner, inner, 1) unless
//   the first pass reads short rows as columns (outer' = 1, inner' = the rows), which keeps
//   all 256 lanes busy when rows are shorter than a workgroup
override OP: u32 = 0u;   // 0 sum, 1 prod, 2 min, 3 max

@group(0) @binding(0) var<storage, read> params: array<u32>;
@group(0) @binding(1) var<storage, read> src: array<T>;
@group(0) @binding(2) var<storage, read_write> dst: array<T>;

var<workgroup> partial: array<T, 256>;

fn identity() -> T {
    switch OP {
        case 0u: { return t_zero(); }
        case 1u: { return t_one(); }
        case 2u: { return t_highest(); }
        default: { return t_lowest(); }
    }
}

fn combine(a: T, b: T) -> T {
    switch OP {
        case 0u: { return t_add(a, b); }
        case 1u: { return t_mul(a, b); }
        case 2u: { return t_min_nan(a, b); }
        default: { return t_max_nan(a, b); }
    }
}

@compute @workgroup_size(256)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
    let len = params[0];
    let inner = params[1];
    let nseg = params[2];
    let seg = params[3];
    let li_n = params[4];
    let chunk = params[5];
    let blocks = params[9];
    let w = wg.x + wg.y * nwg.x;
    let g = params[6] + w / blocks;
    let col = (w % blocks) * li_n + lid % li_n;
    let ll = lid / li_n;
    let ll_n = 256u / li_n;
    let o = g / nseg;
    let row0 = (g % nseg) * seg;
    var acc = identity();
    if (col < inner) {
        for (var c = 0u; c < chunk; c = c + 1u) {
            let l = row0 + c * ll_n + ll;
            if (l < len) {
                acc = combine(acc, src[o * params[13] + l * params[14] + col * params[15] - params[7]]);
            }
        }
    }
    partial[lid] = acc;
    workgroupBarrier();
    for (var stride = ll_n / 2u; stride > 0u; stride = stride / 2u) {
        if (ll < stride) {
            partial[lid] = combine(partial[lid], partial[lid + stride * li_n]);
        }
        workgroupBarrier();
    }
    if (ll == 0u && col < inner) {
        dst[g * inner + col - params[8]] = partial[lid];
    }
}

// One pass of argmin/argmax over the middle axis of an (outer, len, inner) array, carrying
// (value, index) pairs. Ties go to the smaller index and NaN wins, as in NumPy. The layout
// is segment.wgsl's, whose *_idx fields this kernel reads.
override OP: u32 = 0u;   // 0 argmin, 1 argmax

@group(0) @binding(1) var<storage, read> src: array<T>;
@group(0) @binding(2) var<storage, read> src_idx: array<u32>;
@group(0) @binding(3) var<storage, read_write> dst: array<T>;
@group(0) @binding(4) var<storage, read_write> dst_idx: array<u32>;

var<workgroup> best_v: array<T, 256>;
var<workgroup> best_i: array<u32, 256>;

const NONE: u32 = 0xffffffffu;

// Whether (a, ia) beats (b, ib).
fn beats(a: T, ia: u32, b: T, ib: u32) -> bool {
    if (ib == NONE) { return ia != NONE; }
    if (ia == NONE) { return false; }
    let an = t_isnan(a);
    let bn = t_isnan(b);
    if (an || bn) { return an && (!bn || ia < ib); }
    if (t_eq(a, b)) { return ia < ib; }
    return select(t_lt(b, a), t_lt(a, b), OP == 0u);
}

@compute @workgroup_size(256)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
    if (past_end(wg, nwg)) { return; }
    let s = segment_of(wg, nwg, lid);
    var bv = t_zero();
    var bi = NONE;
    if (s.col < params.inner) {
        for (var c = 0u; c < params.chunk; c = c + 1u) {
            let l = s.row0 + c * s.ll_n + s.ll;
            if (l < params.len) {
                let at = source_index(s, l);
                let v = src[at];
                let i = select(l, src_idx[at + params.src_start - params.src_idx_start], params.has_src_idx == 1u);
                if (beats(v, i, bv, bi)) {
                    bv = v;
                    bi = i;
                }
            }
        }
    }
    best_v[lid] = bv;
    best_i[lid] = bi;
    workgroupBarrier();
    for (var stride = lanes_len() / 2u; stride > 0u; stride = stride / 2u) {
        if (s.ll < stride) {
            let other = lid + stride * s.li_n;
            if (beats(best_v[other], best_i[other], best_v[lid], best_i[lid])) {
                best_v[lid] = best_v[other];
                best_i[lid] = best_i[other];
            }
        }
        workgroupBarrier();
    }
    if (s.ll == 0u && s.col < params.inner) {
        let at = partial_index(s);
        dst[at] = best_v[lid];
        dst_idx[at + params.dst_start - params.dst_idx_start] = best_i[lid];
    }
}

// Inclusive prefix sums along the middle axis of an (outer, len, inner) array with inner > 1:
// one thread per (outer, column) line, summing serially in index order as NumPy does. A
// dispatch covers rows [first, end) of the lines [first line, first line + lines) and starts
// from `carry`, the running sum an earlier dispatch left for its line (llvmpipe caps the
// iterations of one loop, and long lines may not fit one binding).
// Layout (written by src/backend/gpu/scan.rs):
//   params[0] lines in this dispatch   params[1] len   params[2] inner
//   params[3] first global line   params[4] source window start   params[5] destination window start
//   params[6] first row   params[7] end row   params[8] carry window start
@group(0) @binding(0) var<storage, read> params: array<u32>;
@group(0) @binding(1) var<storage, read> src: array<T>;
@group(0) @binding(2) var<storage, read_write> dst: array<T>;
@group(0) @binding(3) var<storage, read_write> carry: array<T>;

@compute @workgroup_size(256)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
    let t = (wg.x + wg.y * nwg.x) * 256u + lid;
    if (t >= params[0]) { return; }
    let line = params[3] + t;
    let len = params[1];
    let inner = params[2];
    let o = line / inner;
    let col = line % inner;
    var run = t_zero();
    if (params[6] > 0u) {
        run = carry[line - params[8]];
    }
    for (var l = params[6]; l < params[7]; l = l + 1u) {
        let i = (o * len + l) * inner + col;
        run = t_add(run, src[i - params[4]]);
        dst[i - params[5]] = run;
    }
    carry[line - params[8]] = run;
}

// Inclusive prefix sums along the middle axis of an (outer, len, inner) array with inner > 1:
// one thread per (outer, column) line, summing serially in index order as NumPy does. A
// dispatch covers rows [first, end) of the lines [first line, first line + lines) and starts
// from `carry`, the running sum an earlier dispatch left for its line (llvmpipe caps the
// iterations of one loop, and long lines may not fit one binding).
// Params written by src/backend/gpu/scan.rs.
struct LineScanParams {
    lines: u32, // lines in this dispatch
    len: u32,
    inner: u32,
    first_line: u32, // first global line
    src_start: u32, // window starts
    dst_start: u32,
    first_row: u32, // rows [first_row, end_row) of this dispatch
    end_row: u32,
    carry_start: u32,
}
@group(0) @binding(0) var<storage, read> params: LineScanParams;
@group(0) @binding(1) var<storage, read> src: array<T>;
@group(0) @binding(2) var<storage, read_write> dst: array<T>;
@group(0) @binding(3) var<storage, read_write> carry: array<T>;

@compute @workgroup_size(256)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
    let t = (wg.x + wg.y * nwg.x) * 256u + lid;
    if (t >= params.lines) { return; }
    let line = params.first_line + t;
    let len = params.len;
    let inner = params.inner;
    let o = line / inner;
    let col = line % inner;
    var run = t_zero();
    if (params.first_row > 0u) {
        run = carry[line - params.carry_start];
    }
    for (var l = params.first_row; l < params.end_row; l = l + 1u) {
        let i = (o * len + l) * inner + col;
        run = t_add(run, src[i - params.src_start]);
        dst[i - params.dst_start] = run;
    }
    carry[line - params.carry_start] = run;
}

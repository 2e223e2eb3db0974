// Which part of an (outer, len, inner) array a thread of a reduction pass folds (reduce.wgsl
// and arg_reduce.wgsl). Layout (written by src/backend/gpu/reduce.rs):
//   params[0] len         params[1] inner        params[2] segments per outer
//   params[3] seg         params[4] lanes_inner  params[5] chunk
//   params[6] first global segment of this dispatch
//   params[7] source window start   params[8] destination window start
//   params[9] column blocks per segment
//   params[10..13] used by arg_reduce.wgsl
//   params[13..16] source strides of outer, len and inner: (len * inner, inner, 1) unless
//   the first pass reads short rows as columns (outer' = 1, inner' = the rows), which keeps
//   all 256 lanes busy when rows are shorter than a workgroup
@group(0) @binding(0) var<storage, read> params: array<u32>;

struct Segment {
    // Global segment (output row of partials), outer index and first row along len.
    g: u32,
    o: u32,
    row0: u32,
    // The thread's column, its lane along len and the number of such lanes.
    col: u32,
    ll: u32,
    ll_n: u32,
    li_n: u32,
}

fn segment_of(wg: vec3<u32>, nwg: vec3<u32>, lid: u32) -> Segment {
    let li_n = params[4];
    let blocks = params[9];
    let w = wg.x + wg.y * nwg.x;
    let g = params[6] + w / blocks;
    return Segment(g, g / params[2], (g % params[2]) * params[3], (w % blocks) * li_n + lid % li_n, lid / li_n, 256u / li_n, li_n);
}

// Flat source index (window-relative) of row l of the segment's outer, at column col.
fn source_index(s: Segment, l: u32) -> u32 {
    return s.o * params[13] + l * params[14] + s.col * params[15] - params[7];
}

// Flat destination index (window-relative) of the segment's partial at its column.
fn partial_index(s: Segment) -> u32 {
    return s.g * params[1] + s.col - params[8];
}

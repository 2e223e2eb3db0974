// Which part of an (outer, len, inner) array a thread of a reduction pass folds (reduce.wgsl
// and arg_reduce.wgsl). Params written by src/backend/gpu/reduce.rs. The source strides of
// outer, len and inner are (len * inner, inner, 1) unless the first pass reads short rows as
// columns (outer' = 1, inner' = the rows), which keeps all 256 lanes busy when rows are shorter
// than a workgroup.
struct SegmentParams {
    len: u32,
    inner: u32,
    segments: u32, // segments per outer
    seg: u32, // rows per segment
    lanes_inner: u32, // lanes along inner per workgroup
    chunk: u32, // rows each thread folds serially
    first_segment: u32, // first global segment of this dispatch
    end_segment: u32, // one past the last segment of this dispatch
    src_start: u32, // source window start
    dst_start: u32, // destination window start
    blocks: u32, // column blocks per segment
    has_src_idx: u32, // arg_reduce.wgsl: 1 when `src_idx` holds a previous pass's indices
    src_idx_start: u32, // arg_reduce.wgsl: window start of `src_idx`
    dst_idx_start: u32, // arg_reduce.wgsl: window start of `dst_idx`
    stride_outer: u32,
    stride_len: u32,
    stride_inner: u32,
}
@group(0) @binding(0) var<storage, read> params: SegmentParams;

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

// Whether this workgroup lies past the dispatch's segments: a grid folded into 2-D has such
// workgroups, and their writes, clamped into the window by browsers' robustness, would land on
// its last element. Read from the workgroup id and params alone, so that returning on it is
// uniform (the tree loops hold workgroupBarrier()).
fn past_end(wg: vec3<u32>, nwg: vec3<u32>) -> bool {
    return params.first_segment + (wg.x + wg.y * nwg.x) / params.blocks >= params.end_segment;
}

fn segment_of(wg: vec3<u32>, nwg: vec3<u32>, lid: u32) -> Segment {
    let li_n = params.lanes_inner;
    let blocks = params.blocks;
    let w = wg.x + wg.y * nwg.x;
    let g = params.first_segment + w / blocks;
    return Segment(g, g / params.segments, (g % params.segments) * params.seg, (w % blocks) * li_n + lid % li_n, lid / li_n, lanes_len(), li_n);
}

// The number of lanes along len, read from the params alone: the tree loops that hold
// workgroupBarrier() take their bounds from here, since a bound taken from a Segment (which
// also holds lid-derived fields) fails WGSL's uniformity analysis in browsers (Tint).
fn lanes_len() -> u32 {
    return 256u / params.lanes_inner;
}

// Flat source index (window-relative) of row l of the segment's outer, at column col.
fn source_index(s: Segment, l: u32) -> u32 {
    return s.o * params.stride_outer + l * params.stride_len + s.col * params.stride_inner - params.src_start;
}

// Flat destination index (window-relative) of the segment's partial at its column.
fn partial_index(s: Segment) -> u32 {
    return s.g * params.inner + s.col - params.dst_start;
}

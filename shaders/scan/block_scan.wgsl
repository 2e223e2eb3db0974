// Inclusive prefix sums of 1024-element blocks of contiguous rows: each thread scans 4
// neighbouring elements serially, the workgroup scans the 256 thread totals (Hillis-Steele),
// and each block's total is written to `sums` for the next level (add_offsets.wgsl).
// Params written by src/backend/gpu/scan.rs.
struct BlockScanParams {
    len: u32, // row length
    blocks: u32, // blocks per row
    first_block: u32, // first global block
    end_block: u32, // one past the last block of this dispatch
    src_start: u32, // window starts
    dst_start: u32,
    sums_start: u32,
}
@group(0) @binding(0) var<storage, read> params: BlockScanParams;
@group(0) @binding(1) var<storage, read> src: array<T>;
@group(0) @binding(2) var<storage, read_write> dst: array<T>;
@group(0) @binding(3) var<storage, read_write> sums: array<T>;

const BLOCK: u32 = 1024u;
var<workgroup> totals: array<T, 256>;

@compute @workgroup_size(256)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
    let len = params.len;
    let nblocks = params.blocks;
    let g = params.first_block + wg.x + wg.y * nwg.x;
    // A grid folded into 2-D has workgroups past the end; their clamped accesses (browsers'
    // robustness) would otherwise overwrite the window's last element.
    if (g >= params.end_block) { return; }
    let row = g / nblocks;
    let b = g % nblocks;
    let first = b * BLOCK + lid * 4u;
    var v: array<T, 4>;
    var run = t_zero();
    for (var j = 0u; j < 4u; j = j + 1u) {
        if (first + j < len) {
            run = t_add(run, src[row * len + first + j - params.src_start]);
        }
        v[j] = run;
    }
    totals[lid] = run;
    workgroupBarrier();
    for (var d = 1u; d < 256u; d = d * 2u) {
        var add = t_zero();
        if (lid >= d) { add = totals[lid - d]; }
        workgroupBarrier();
        totals[lid] = t_add(totals[lid], add);
        workgroupBarrier();
    }
    var before = t_zero();
    if (lid > 0u) { before = totals[lid - 1u]; }
    for (var j = 0u; j < 4u; j = j + 1u) {
        if (first + j < len) {
            dst[row * len + first + j - params.dst_start] = t_add(before, v[j]);
        }
    }
    if (lid == 255u) {
        sums[g - params.sums_start] = totals[255];
    }
}

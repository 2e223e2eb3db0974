// Adds to every element of block b (b > 0) of its row the inclusive scan of the block totals
// up to block b - 1, finishing a multi-block prefix sum. Params written by src/backend/gpu/scan.rs.
struct AddOffsetsParams {
    len: u32,
    blocks: u32,
    first_block: u32,
    end_block: u32, // one past the last block of this dispatch
    dst_start: u32,
    scanned_start: u32, // window start of the scanned totals
}
@group(0) @binding(0) var<storage, read> params: AddOffsetsParams;
@group(0) @binding(1) var<storage, read> scanned: array<T>;
@group(0) @binding(2) var<storage, read_write> dst: array<T>;

const BLOCK: u32 = 1024u;

@compute @workgroup_size(256)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
    let len = params.len;
    let nblocks = params.blocks;
    let g = params.first_block + wg.x + wg.y * nwg.x;
    if (g >= params.end_block) { return; } // past the end of a grid folded into 2-D
    let row = g / nblocks;
    let b = g % nblocks;
    if (b == 0u) { return; }
    let offset = scanned[g - 1u - params.scanned_start];
    for (var j = 0u; j < 4u; j = j + 1u) {
        let at = b * BLOCK + j * 256u + lid;
        if (at < len) {
            let i = row * len + at - params.dst_start;
            dst[i] = t_add(dst[i], offset);
        }
    }
}

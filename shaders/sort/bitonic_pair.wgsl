// One compare-exchange step of a bitonic sort whose distance j spans whole chunks: element t of
// chunk a (the lower one of its pair) against element t of chunk b = a + j / chunk. The chunks
// are separate buffers, so no writable binding aliases another.
// Params written by src/backend/gpu/sort.rs.
struct BitonicPairParams {
    chunk: u32, // chunk length
    n: u32, // row length
    k: u32,
    chunk_a_pos: u32, // position of chunk a
}
@group(0) @binding(0) var<storage, read> params: BitonicPairParams;
@group(0) @binding(1) var<storage, read_write> keys_a: array<T>;
@group(0) @binding(2) var<storage, read_write> idx_a: array<u32>;
@group(0) @binding(3) var<storage, read_write> keys_b: array<T>;
@group(0) @binding(4) var<storage, read_write> idx_b: array<u32>;

@compute @workgroup_size(256)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
    let t = (wg.x + wg.y * nwg.x) * 256u + lid;
    if (t >= params.chunk) { return; }
    let ascending = ((params.chunk_a_pos + t) & params.k) == 0u;
    let ka = keys_a[t];
    let kb = keys_b[t];
    let ia = idx_a[t];
    let ib = idx_b[t];
    if (before(kb, ib, ka, ia) == ascending) {
        keys_a[t] = kb;
        keys_b[t] = ka;
        idx_a[t] = ib;
        idx_b[t] = ia;
    }
}

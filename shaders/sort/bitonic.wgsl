// One compare-exchange step (stage k, distance j) of a bitonic sort of (key, index) pairs
// (order.wgsl) along rows padded to a power of two p, or along one chunk of a row held in
// several buffers (bitonic_pair.wgsl exchanges between chunks).
// Params written by src/backend/gpu/sort.rs.
struct BitonicParams {
    pairs: u32, // pairs in this dispatch
    n: u32, // row length
    p: u32, // padded length
    k: u32,
    j: u32,
    first_pair: u32, // first global pair
    keys_start: u32, // window start of `keys`
    chunk_pos: u32, // position of the chunk in its row (0 unless the row is chunked)
    idx_start: u32, // window start of `idx`
}
@group(0) @binding(0) var<storage, read> params: BitonicParams;
@group(0) @binding(1) var<storage, read_write> keys: array<T>;
@group(0) @binding(2) var<storage, read_write> idx: array<u32>;

@compute @workgroup_size(256)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
    let t = (wg.x + wg.y * nwg.x) * 256u + lid;
    if (t >= params.pairs) { return; }
    let pair = params.first_pair + t;
    let half = params.p / 2u;
    let row = pair / half;
    let i = pair % half;
    let j = params.j;
    let lo = (i / j) * 2u * j + i % j;
    let hi = lo + j;
    let base = row * params.p - params.keys_start;
    let ibase = row * params.p - params.idx_start;
    let ascending = ((params.chunk_pos + lo) & params.k) == 0u;
    let ka = keys[base + lo];
    let kb = keys[base + hi];
    let ia = idx[ibase + lo];
    let ib = idx[ibase + hi];
    if (before(kb, ib, ka, ia) == ascending) {
        keys[base + lo] = kb;
        keys[base + hi] = ka;
        idx[ibase + lo] = ib;
        idx[ibase + hi] = ia;
    }
}

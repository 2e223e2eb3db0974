// One compare-exchange step (stage k, distance j) of a bitonic sort of (key, index) pairs
// (order.wgsl) along rows padded to a power of two p, or along one chunk of a row held in
// several buffers (bitonic_pair.wgsl exchanges between chunks).
// Layout (written by src/backend/gpu/sort.rs):
//   params[0] pairs in this dispatch   params[1] row length n   params[2] padded length p
//   params[3] k   params[4] j   params[5] first global pair   params[6] window start of `keys`
//   params[7] position of the chunk in its row (0 unless the row is chunked)
//   params[8] window start of `idx`
@group(0) @binding(0) var<storage, read> params: array<u32>;
@group(0) @binding(1) var<storage, read_write> keys: array<T>;
@group(0) @binding(2) var<storage, read_write> idx: array<u32>;

@compute @workgroup_size(256)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
    let t = (wg.x + wg.y * nwg.x) * 256u + lid;
    if (t >= params[0]) { return; }
    let pair = params[5] + t;
    let half = params[2] / 2u;
    let row = pair / half;
    let i = pair % half;
    let j = params[4];
    let lo = (i / j) * 2u * j + i % j;
    let hi = lo + j;
    let base = row * params[2] - params[6];
    let ibase = row * params[2] - params[8];
    let ascending = ((params[7] + lo) & params[3]) == 0u;
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

// counts[x[i]] += 1 with atomics; the host has checked that 0 <= x[i] < bins.
// Params written by src/backend/gpu/sort.rs.
struct BincountParams {
    len: u32, // elements in this dispatch
    first: u32, // the first (global)
    x_start: u32, // window start of `x`
}
@group(0) @binding(0) var<storage, read> params: BincountParams;
@group(0) @binding(1) var<storage, read> x: array<u32>;
@group(0) @binding(2) var<storage, read_write> counts: array<atomic<u32>>;

@compute @workgroup_size(256)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
    let t = (wg.x + wg.y * nwg.x) * 256u + lid;
    if (t >= params.len) { return; }
    atomicAdd(&counts[x[params.first + t - params.x_start]], 1u);
}

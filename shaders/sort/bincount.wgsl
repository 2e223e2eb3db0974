// counts[x[i]] += 1 with atomics; the host has checked that 0 <= x[i] < bins.
// Layout (written by src/ops/sort.rs): params[0] elements.
@group(0) @binding(0) var<storage, read> params: array<u32>;
@group(0) @binding(1) var<storage, read> x: array<u32>;
@group(0) @binding(2) var<storage, read_write> counts: array<atomic<u32>>;

@compute @workgroup_size(256)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
    let i = (wg.x + wg.y * nwg.x) * 256u + lid;
    if (i >= params[0]) { return; }
    atomicAdd(&counts[x[i]], 1u);
}

// dst[index[i]] = src[i] for every i whose index is not 0xffffffff (the "skip" marker).
// Layout (written by src/backend/gpu/sort.rs): params[0] elements.
@group(0) @binding(0) var<storage, read> params: array<u32>;
@group(0) @binding(1) var<storage, read> index: array<u32>;
@group(0) @binding(2) var<storage, read> src: array<T>;
@group(0) @binding(3) var<storage, read_write> dst: array<T>;

@compute @workgroup_size(256)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
    let i = (wg.x + wg.y * nwg.x) * 256u + lid;
    if (i >= params[0]) { return; }
    let to = index[i];
    if (to != 0xffffffffu) {
        dst[to] = src[i];
    }
}

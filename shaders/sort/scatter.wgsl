// dst[index[i]] = src[i] for every i whose index is not 0xffffffff (the "skip" marker) and
// falls in the bound window of `dst`; the host loops over source and destination windows.
// Layout (written by src/backend/gpu/sort.rs): params[0] elements in this dispatch,
// params[1] the first (global), params[2] the window start of `index` and params[3] of `src`,
// params[4] and params[5] the destination range [start, end) of this dispatch, params[6] the
// window start of `dst`.
@group(0) @binding(0) var<storage, read> params: array<u32>;
@group(0) @binding(1) var<storage, read> index: array<u32>;
@group(0) @binding(2) var<storage, read> src: array<T>;
@group(0) @binding(3) var<storage, read_write> dst: array<T>;

@compute @workgroup_size(256)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
    let t = (wg.x + wg.y * nwg.x) * 256u + lid;
    if (t >= params[0]) { return; }
    let i = params[1] + t;
    let to = index[i - params[2]];
    if (to != 0xffffffffu && to >= params[4] && to < params[5]) {
        dst[to - params[6]] = src[i - params[3]];
    }
}

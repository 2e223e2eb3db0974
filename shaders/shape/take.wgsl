// Gathers along the middle axis of an (outer, n, inner) source: out[o, j, :] = src[o, index[j], :].
// The output and the source may each be windows of larger buffers; a dispatch writes only the
// outputs whose source row lies in the bound source window, and the host loops over windows.
// Layout (written by src/backend/gpu/gather.rs):
//   params[0] output elements in this dispatch   params[1] n   params[2] inner   params[3] k
//   params[4] first output row (global, in outer * k rows)   params[5] output window start
//   params[6] first and params[7] end of the source rows in the window (in outer * n rows)
//   params[8] source window start   params[9] index window start
@group(0) @binding(0) var<storage, read> params: array<u32>;
@group(0) @binding(1) var<storage, read> index: array<u32>;
@group(0) @binding(2) var<storage, read> src: array<T>;
@group(0) @binding(3) var<storage, read_write> dst: array<T>;

@compute @workgroup_size(256)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
    let e = (wg.x + wg.y * nwg.x) * 256u + lid;
    if (e >= params[0]) { return; }
    let inner = params[2];
    let q = params[4] + e / inner;
    let i = e % inner;
    let o = q / params[3];
    let j = q % params[3];
    let r = o * params[1] + index[j - params[9]];
    if (r >= params[6] && r < params[7]) {
        dst[q * inner + i - params[5]] = src[r * inner + i - params[8]];
    }
}

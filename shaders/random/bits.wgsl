// Raw 32-bit words of the Philox stream: element i is word i % 4 of block i / 4.
@group(0) @binding(1) var<storage, read_write> dst: array<u32>;

@compute @workgroup_size(256)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
    let t = (wg.x + wg.y * nwg.x) * 256u + lid;
    if (t >= params.len) { return; }
    let i = params.first + t;
    let w = philox(i / 4u);
    dst[i - params.dst_start] = w[i % 4u];
}

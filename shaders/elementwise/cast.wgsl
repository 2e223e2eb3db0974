// dst = T(src) for every numeric pair (the cast to bool is predicate.wgsl's nonzero).
@group(0) @binding(1) var<storage, read> src: array<S>;
@group(0) @binding(2) var<storage, read_write> dst: array<T>;

@compute @workgroup_size(256)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
    let i = flat_id(wg, nwg, lid);
    if (i >= params.len) { return; }
    let g = params.first + i;
    let s = src[in_index(0u, g)];
    var r = s_to_t(s);
    // NaN to an integer is 0, as on the CPU path; the conversion alone leaves it to the driver.
    if (s_isnan(s) && !t_isnan(r)) { r = t_zero(); }
    dst[out_index(g)] = r;
}

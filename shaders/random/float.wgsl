// Uniform (DIST 0) or normal (DIST 1, Box-Muller) floats from the Philox stream; element i
// uses block i / 2. params.wide is 1 when the array's dtype is float64: its uniforms take 53
// bits from two words, float32 ones 24 bits from one, so that both match the CPU exactly
// (up to the f32 rounding of a 53-bit value on devices without f64).
override DIST: u32 = 0u;
@group(0) @binding(1) var<storage, read> coef: array<T>;
@group(0) @binding(2) var<storage, read_write> dst: array<T>;

// A uniform in [0, 1) from words a (and b for 53 bits).
fn unit(a: u32, b: u32) -> T {
    if (params.wide == 1u) {
        // (hi * 2^26 + lo) * 2^-53; every constant is exact in f32.
        let words = t_add(t_mul(t_from_u32(a >> 5u), t_from_u32(67108864u)), t_from_u32(b >> 6u));
        let u = t_mul(words, t_from_f32(1.1102230246251565e-16));
        // Rounding to f32 can reach 1; the stream's value is below it.
        if (t_le(t_one(), u)) { return t_from_f32(0.99999994039535522); }
        return u;
    }
    return t_mul(t_from_u32(a >> 8u), t_from_f32(5.9604644775390625e-08));
}

@compute @workgroup_size(256)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
    let t = (wg.x + wg.y * nwg.x) * 256u + lid;
    if (t >= params.len) { return; }
    let i = params.first + t;
    let w = philox(i / 2u);
    let odd = (i % 2u) == 1u;
    var v: T;
    if (DIST == 0u) {
        var u = unit(w.x, w.y);
        if (odd) { u = unit(w.z, w.w); }
        v = t_add(coef[0], t_mul(t_sub(coef[1], coef[0]), u));
    } else {
        let r = t_sqrt(t_mul(t_from_f32(-2.0), t_log(t_sub(t_one(), unit(w.x, w.y)))));
        let theta = t_mul(t_two_pi(), unit(w.z, w.w));
        var z = t_mul(r, t_cos(theta));
        if (odd) { z = t_mul(r, t_sin(theta)); }
        v = t_add(coef[0], t_mul(coef[1], z));
    }
    dst[i - params.dst_start] = v;
}

// Uniform (DIST 0) or normal (DIST 1, Box-Muller) floats from the Philox stream; element i
// uses block i / 2. params[7] is 1 when the array's dtype is float64: its uniforms take 53
// bits from two words, float32 ones 24 bits from one, so that both match the CPU exactly
// (up to the f32 rounding of a 53-bit value on devices without f64).
override DIST: u32 = 0u;
@group(0) @binding(1) var<storage, read> coef: array<T>;
@group(0) @binding(2) var<storage, read_write> dst: array<T>;

const TWO_PI = 6.283185307179586476925286766559;

// A uniform in [0, 1) from words a (and b for 53 bits).
fn unit(a: u32, b: u32) -> T {
    if (params[7] == 1u) {
        let u = (T(a >> 5u) * T(67108864.0) + T(b >> 6u)) * T(1.1102230246251565e-16);
        // Rounding to f32 can reach 1; the stream's value is below it.
        if (u >= t_one()) { return T(0.99999994039535522); }
        return u;
    }
    return T(a >> 8u) * T(5.9604644775390625e-08);
}

@compute @workgroup_size(256)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
    let t = (wg.x + wg.y * nwg.x) * 256u + lid;
    if (t >= params[0]) { return; }
    let i = params[1] + t;
    let w = philox(i / 2u);
    let odd = (i % 2u) == 1u;
    var v: T;
    if (DIST == 0u) {
        var u = unit(w.x, w.y);
        if (odd) { u = unit(w.z, w.w); }
        v = coef[0] + (coef[1] - coef[0]) * u;
    } else {
        let r = t_sqrt(T(-2.0) * t_log(t_one() - unit(w.x, w.y)));
        let theta = T(TWO_PI) * unit(w.z, w.w);
        var z = r * t_cos(theta);
        if (odd) { z = r * t_sin(theta); }
        v = coef[0] + coef[1] * z;
    }
    dst[i - params[6]] = v;
}

// Philox4x32-10 (Salmon et al., "Parallel random numbers: as easy as 1, 2, 3", SC'11): a
// counter-based generator, so any element of the stream is computed independently, and the
// CPU path (src/backend/cpu/random.rs) yields the same bits.
// Params (shared by bits.wgsl and float.wgsl) written by src/backend/gpu/random.rs.
struct RandomParams {
    len: u32, // elements in this dispatch
    first: u32, // first element (global)
    counter_lo: u32, // the 64-bit block counter
    counter_hi: u32,
    key_lo: u32, // the 64-bit key
    key_hi: u32,
    dst_start: u32, // output window start
    wide: u32, // float.wgsl: 1 for float64 (53-bit uniforms)
}
@group(0) @binding(0) var<storage, read> params: RandomParams;

// The high and low 32 bits of a * b, from 16-bit halves (WGSL has no 64-bit integers).
fn mulhilo(a: u32, b: u32) -> vec2<u32> {
    let al = a & 0xffffu;
    let ah = a >> 16u;
    let bl = b & 0xffffu;
    let bh = b >> 16u;
    let ll = al * bl;
    let lh = al * bh;
    let hl = ah * bl;
    let hh = ah * bh;
    let mid = (ll >> 16u) + (lh & 0xffffu) + (hl & 0xffffu);
    let hi = hh + (lh >> 16u) + (hl >> 16u) + (mid >> 16u);
    return vec2<u32>(hi, a * b);
}

fn philox(block: u32) -> vec4<u32> {
    // The 64-bit block number (counter_hi, counter_lo) + block.
    let lo = params.counter_lo + block;
    let hi = params.counter_hi + select(0u, 1u, lo < block);
    var c = vec4<u32>(lo, hi, 0u, 0u);
    var k = vec2<u32>(params.key_lo, params.key_hi);
    for (var round = 0u; round < 10u; round = round + 1u) {
        let p0 = mulhilo(0xD2511F53u, c.x);
        let p1 = mulhilo(0xCD9E8D57u, c.z);
        c = vec4<u32>(p1.x ^ c.y ^ k.x, p1.y, p0.x ^ c.w ^ k.y, p0.y);
        k = k + vec2<u32>(0x9E3779B9u, 0xBB67AE85u);
    }
    return c;
}

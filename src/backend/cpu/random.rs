//! Philox4x32-10 on the host, word for word the stream of `shaders/random/philox.wgsl`.

use super::scalar::Float;

const M0: u32 = 0xD251_1F53;
const M1: u32 = 0xCD9E_8D57;
const W0: u32 = 0x9E37_79B9;
const W1: u32 = 0xBB67_AE85;

/// The four words of block `counter` under `key`.
pub(crate) fn philox(counter: u64, key: u64) -> [u32; 4] {
    let mut c = [counter as u32, (counter >> 32) as u32, 0, 0];
    let mut k = [key as u32, (key >> 32) as u32];
    for _ in 0..10 {
        let p0 = u64::from(M0) * u64::from(c[0]);
        let p1 = u64::from(M1) * u64::from(c[2]);
        c = [((p1 >> 32) as u32) ^ c[1] ^ k[0], p1 as u32, ((p0 >> 32) as u32) ^ c[3] ^ k[1], p0 as u32];
        k = [k[0].wrapping_add(W0), k[1].wrapping_add(W1)];
    }
    c
}

/// Raw words: element i is word i % 4 of block counter + i / 4.
pub(crate) fn bits(counter: u64, key: u64, n: usize) -> Vec<u32> {
    (0..n).map(|i| philox(counter + (i / 4) as u64, key)[i % 4]).collect()
}

/// The uniform in [0, 1) that float.wgsl makes from words a and b.
fn unit<T: Float>(a: u32, b: u32, wide: bool) -> T {
    if wide {
        T::from_f64((f64::from(a >> 5) * 67_108_864.0 + f64::from(b >> 6)) * (1.0 / 9_007_199_254_740_992.0))
    } else {
        T::from_f64(f64::from(a >> 8) * (1.0 / 16_777_216.0))
    }
}

/// Uniform in [low, high) (`normal == false`) or normal(mean = low, std = high) values, as
/// float.wgsl computes them; element i uses block counter + i / 2.
pub(crate) fn floats<T: Float>(counter: u64, key: u64, n: usize, a: T, b: T, normal: bool, wide: bool) -> Vec<T> {
    let two_pi = T::from_f64(std::f64::consts::TAU);
    (0..n)
        .map(|i| {
            let w = philox(counter + (i / 2) as u64, key);
            let odd = i % 2 == 1;
            if normal {
                let r = (T::from_f64(-2.0).mul(T::one().sub(unit::<T>(w[0], w[1], wide)).ln())).sqrt();
                let theta = two_pi.mul(unit::<T>(w[2], w[3], wide));
                let z = if odd { r.mul(theta.sin()) } else { r.mul(theta.cos()) };
                a.add(b.mul(z))
            } else {
                let u = if odd { unit::<T>(w[2], w[3], wide) } else { unit::<T>(w[0], w[1], wide) };
                a.add(b.sub(a).mul(u))
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::philox;

    #[test]
    fn known_answers_from_random123() {
        // Random123's kat_vectors for philox4x32-10: counter 0, key 0 ...
        assert_eq!(philox(0, 0), [0x6627_e8d5, 0xe169_c58d, 0xbc57_ac4c, 0x9b00_dbd8]);
    }
}

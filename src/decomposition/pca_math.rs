//! Host-side arithmetic on PCA's small spectrum: Minka's MLE of the dimension.

use std::f64::consts::PI;

/// ln Γ(x) for x a positive multiple of 1/2, exactly as the recurrence Γ(x + 1) = x Γ(x) from
/// Γ(1) = 1 and Γ(1/2) = sqrt(pi) gives it (the only arguments Minka's formula needs).
fn ln_gamma_half_integer(x: f64) -> f64 {
    let (mut acc, mut t) = if (x * 2.0) as i64 % 2 == 0 { (0.0, 1.0) } else { (0.5 * PI.ln(), 0.5) };
    while t < x - 0.25 {
        acc += t.ln();
        t += 1.0;
    }
    acc
}

/// Log-likelihood of a rank-`rank` model for `spectrum` (scikit-learn's _assess_dimension,
/// Minka 2000).
fn assess_dimension(spectrum: &[f64], rank: usize, n_samples: usize) -> f64 {
    let p = spectrum.len();
    let n = n_samples as f64;
    let eps = 1e-15;
    if spectrum[rank - 1] < eps {
        return f64::NEG_INFINITY;
    }
    let mut pu = -(rank as f64) * 2f64.ln();
    for i in 1..=rank {
        let a = (p - i + 1) as f64 / 2.0;
        pu += ln_gamma_half_integer(a) - PI.ln() * a;
    }
    let pl = -spectrum[..rank].iter().map(|v| v.ln()).sum::<f64>() * n / 2.0;
    let v = (spectrum[rank..].iter().sum::<f64>() / (p - rank) as f64).max(eps);
    let pv = -v.ln() * n * (p - rank) as f64 / 2.0;
    let m = (p * rank) as f64 - rank as f64 * (rank as f64 + 1.0) / 2.0;
    let pp = (2.0 * PI).ln() * (m + rank as f64) / 2.0;
    let mut pa = 0.0;
    let tail = |j: usize| if j >= rank { v } else { spectrum[j] };
    for i in 0..rank {
        for j in i + 1..p {
            pa += ((spectrum[i] - spectrum[j]) * (1.0 / tail(j) - 1.0 / tail(i))).ln() + n.ln();
        }
    }
    pu + pl + pv + pp - pa / 2.0 - rank as f64 * n.ln() / 2.0
}

/// The rank in 1..p-1 of largest likelihood (scikit-learn's _infer_dimension; the first on ties).
pub(super) fn infer_dimension(spectrum: &[f64], n_samples: usize) -> usize {
    let mut best = (0, f64::NEG_INFINITY);
    for rank in 1..spectrum.len() {
        let ll = assess_dimension(spectrum, rank, n_samples);
        if ll > best.1 {
            best = (rank, ll);
        }
    }
    best.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ln_gamma_matches_known_values() {
        assert!((ln_gamma_half_integer(0.5) - PI.sqrt().ln()).abs() < 1e-15);
        assert!((ln_gamma_half_integer(5.0) - 24f64.ln()).abs() < 1e-13);
        assert!((ln_gamma_half_integer(3.5) - (15.0 / 8.0 * PI.sqrt()).ln()).abs() < 1e-13);
    }
}

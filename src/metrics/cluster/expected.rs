//! The expected mutual information of two random labelings with given class and cluster
//! sizes (the hypergeometric model of Vinh, Epps and Bailey), for the adjusted mutual
//! information. It is a triple sum over classes, clusters and the possible cell sizes, of
//! values read back from the device (the sizes), so it runs on the host, in scikit-learn's
//! order of terms.

/// Below this, log(k!) is a sum of logarithms (tabulated); above, Stirling's series is exact
/// to far below an ulp.
const DIRECT: usize = 256;

fn small_factorials() -> &'static [f64; DIRECT] {
    static TABLE: std::sync::OnceLock<[f64; DIRECT]> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        let mut t = [0.0; DIRECT];
        for k in 2..DIRECT {
            t[k] = t[k - 1] + (k as f64).ln();
        }
        t
    })
}

/// log(k!) = lgamma(k + 1) for a count k.
fn ln_factorial(k: f64) -> f64 {
    if k < DIRECT as f64 {
        return small_factorials()[k as usize];
    }
    let x = k + 1.0;
    let (r, r2) = (1.0 / x, 1.0 / (x * x));
    let series = r * (1.0 / 12.0 - r2 * (1.0 / 360.0 - r2 * (1.0 / 1260.0 - r2 / 1680.0)));
    (x - 0.5) * x.ln() - x + 0.5 * (2.0 * std::f64::consts::PI).ln() + series
}

/// E[MI] for class sizes `a` and cluster sizes `b` of `n` samples, as scikit-learn's
/// expected_mutual_information; 0 where either labeling has one label.
pub(super) fn expected_mutual_information(a: &[f64], b: &[f64], n: f64) -> f64 {
    if a.len() == 1 || b.len() == 1 {
        return 0.0;
    }
    let (ln_n, gln_n) = (n.ln(), ln_factorial(n));
    let gln = |sizes: &[f64]| -> Vec<(f64, f64, f64)> {
        sizes.iter().map(|&s| (s.ln(), ln_factorial(s), ln_factorial(n - s))).collect()
    };
    let (ga, gb) = (gln(a), gln(b));
    let mut emi = 0.0;
    for (&ai, &(log_a, gln_a, gln_na)) in a.iter().zip(&ga) {
        for (&bj, &(log_b, gln_b, gln_nb)) in b.iter().zip(&gb) {
            let start = (ai - n + bj).max(1.0);
            let end = ai.min(bj);
            let mut nij = start;
            while nij <= end {
                let term2 = ln_n + nij.ln() - log_a - log_b;
                let gln = gln_a + gln_b + gln_na + gln_nb
                    - (ln_factorial(nij) + gln_n)
                    - ln_factorial(ai - nij)
                    - ln_factorial(bj - nij)
                    - ln_factorial(n - ai - bj + nij);
                emi += nij / n * term2 * gln.exp();
                nij += 1.0;
            }
        }
    }
    emi
}

#[cfg(test)]
mod tests {
    use super::ln_factorial;

    #[test]
    fn ln_factorial_meets_the_series_where_they_join() {
        // 255! summed directly and 256! by Stirling differ by log 256.
        let (below, above) = (ln_factorial(255.0), ln_factorial(256.0));
        assert!((above - below - 256f64.ln()).abs() < 1e-12 * above, "{below} {above}");
        assert_eq!(ln_factorial(0.0), 0.0);
        assert_eq!(ln_factorial(1.0), 0.0);
    }
}

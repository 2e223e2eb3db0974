//! Dense products on the host, through faer (multithreaded, blocked; faster than ndarray's
//! matrixmultiply on every shape we measured).

use faer::linalg::matmul::matmul;
use faer::linalg::matmul::triangular::{self, BlockStructure};
use faer::{Accum, MatMut, MatRef, Par};

fn parallelism() -> Par {
    #[cfg(not(target_arch = "wasm32"))]
    {
        Par::rayon(0)
    }
    #[cfg(target_arch = "wasm32")]
    {
        Par::Seq
    }
}

macro_rules! gemm_for {
    ($name:ident, $t:ty) => {
        /// op(A) op(B) for row-major A (ar x ac) and B (br x bc), as a row-major Vec.
        #[allow(clippy::too_many_arguments)]
        pub(crate) fn $name(
            a: &[$t],
            ar: usize,
            ac: usize,
            ta: bool,
            b: &[$t],
            br: usize,
            bc: usize,
            tb: bool,
        ) -> Vec<$t> {
            let a = MatRef::from_row_major_slice(a, ar, ac);
            let b = MatRef::from_row_major_slice(b, br, bc);
            let a = if ta { a.transpose() } else { a };
            let b = if tb { b.transpose() } else { b };
            let (m, n) = (a.nrows(), b.ncols());
            let mut out = vec![0.0; m * n];
            let dst = MatMut::from_row_major_slice_mut(&mut out, m, n);
            // A^T A or A A^T: the lower triangle only (half the work, as BLAS syrk), mirrored.
            let symmetric = m == n
                && a.as_ptr() == b.as_ptr()
                && (a.row_stride(), a.col_stride()) == (b.col_stride(), b.row_stride());
            if symmetric {
                triangular::matmul(
                    dst,
                    BlockStructure::TriangularLower,
                    Accum::Replace,
                    a,
                    BlockStructure::Rectangular,
                    b,
                    BlockStructure::Rectangular,
                    1.0,
                    parallelism(),
                );
                for i in 0..m {
                    for j in 0..i {
                        out[j * m + i] = out[i * m + j];
                    }
                }
            } else {
                matmul(dst, Accum::Replace, a, b, 1.0, parallelism());
            }
            out
        }
    };
}

gemm_for!(gemm_f32, f32);
gemm_for!(gemm_f64, f64);

macro_rules! factor_for {
    ($chol:ident, $trsv:ident, $t:ty) => {
        /// The lower Cholesky factor of the row-major n x n `a` (lower triangle read), or the
        /// index of the first pivot that is not positive.
        pub(crate) fn $chol(a: &[$t], n: usize) -> Result<Vec<$t>, usize> {
            let m = MatRef::from_row_major_slice(a, n, n);
            let llt = m.llt(faer::Side::Lower).map_err(|e| match e {
                faer::linalg::cholesky::llt::factor::LltError::NonPositivePivot { index } => index,
            })?;
            let l = llt.L();
            Ok((0..n * n).map(|k| if k % n <= k / n { l[(k / n, k % n)] } else { 0.0 }).collect())
        }

        /// Solves M X = B for the row-major p x p triangular `a` (M = A, or A^T when
        /// `transpose`; `m_lower` says whether M is lower) and row-major p x r `b`.
        pub(crate) fn $trsv(a: &[$t], p: usize, b: &[$t], r: usize, transpose: bool, m_lower: bool) -> Vec<$t> {
            let m = MatRef::from_row_major_slice(a, p, p);
            let m = if transpose { m.transpose() } else { m };
            let mut x = faer::Mat::<$t>::from_fn(p, r, |i, j| b[i * r + j]);
            if m_lower {
                m.solve_lower_triangular_in_place(x.as_mut());
            } else {
                m.solve_upper_triangular_in_place(x.as_mut());
            }
            (0..p * r).map(|k| x[(k / r, k % r)]).collect()
        }
    };
}

factor_for!(cholesky_f32, trsv_f32, f32);
factor_for!(cholesky_f64, trsv_f64, f64);

macro_rules! eigh_for {
    ($name:ident, $t:ty) => {
        /// Eigenvalues (ascending) and row-major eigenvectors (columns) of the symmetric
        /// row-major n x n `a`, lower triangle read; None when faer does not converge.
        pub(crate) fn $name(a: &[$t], n: usize) -> Option<(Vec<$t>, Vec<$t>)> {
            let m = MatRef::from_row_major_slice(a, n, n);
            let evd = m.self_adjoint_eigen(faer::Side::Lower).ok()?;
            let (s, u) = (evd.S().column_vector(), evd.U());
            Some(((0..n).map(|i| s[i]).collect(), (0..n * n).map(|k| u[(k / n, k % n)]).collect()))
        }
    };
}

eigh_for!(eigh_f32, f32);
eigh_for!(eigh_f64, f64);

macro_rules! qr_for {
    ($name:ident, $t:ty) => {
        /// Reduced QR of the row-major n x p `a`: Q (n x k) and R (k x p), k = min(n, p),
        /// row-major, signs chosen so that R's diagonal is not negative.
        pub(crate) fn $name(a: &[$t], n: usize, p: usize) -> (Vec<$t>, Vec<$t>) {
            let qr = MatRef::from_row_major_slice(a, n, p).qr();
            let (q, r) = (qr.compute_thin_Q(), qr.thin_R());
            let k = n.min(p);
            let sign: Vec<$t> = (0..k).map(|i| if r[(i, i)] < 0.0 { -1.0 } else { 1.0 }).collect();
            let q_out = (0..n * k).map(|x| q[(x / k, x % k)] * sign[x % k]).collect();
            let r_out = (0..k * p).map(|x| if x % p < x / p { 0.0 } else { r[(x / p, x % p)] * sign[x / p] }).collect();
            (q_out, r_out)
        }
    };
}

qr_for!(qr_f32, f32);
qr_for!(qr_f64, f64);

macro_rules! svd_for {
    ($name:ident, $t:ty) => {
        /// Thin SVD of the row-major n x p `a`: U (n x k), s (k, descending) and V^T (k x p),
        /// row-major, k = min(n, p); None when faer does not converge.
        pub(crate) fn $name(a: &[$t], n: usize, p: usize) -> Option<(Vec<$t>, Vec<$t>, Vec<$t>)> {
            let svd = MatRef::from_row_major_slice(a, n, p).thin_svd().ok()?;
            let k = n.min(p);
            let (u, s, v) = (svd.U(), svd.S().column_vector(), svd.V());
            Some((
                (0..n * k).map(|x| u[(x / k, x % k)]).collect(),
                (0..k).map(|i| s[i]).collect(),
                (0..k * p).map(|x| v[(x % p, x / p)]).collect(),
            ))
        }
    };
}

svd_for!(svd_f32, f32);
svd_for!(svd_f64, f64);

macro_rules! svd_right_for {
    ($name:ident, $t:ty) => {
        /// s (k, descending) and row-major V^T (k x p) of the row-major n x p `a`, without
        /// forming U; None when faer does not converge.
        pub(crate) fn $name(a: &[$t], n: usize, p: usize) -> Option<(Vec<$t>, Vec<$t>)> {
            use faer::dyn_stack::{MemBuffer, MemStack};
            use faer::linalg::svd::{self, ComputeSvdVectors};
            let k = n.min(p);
            let (mut s, mut v) = (faer::diag::Diag::<$t>::zeros(k), faer::Mat::<$t>::zeros(p, k));
            let par = parallelism();
            let scratch =
                svd::svd_scratch::<$t>(n, p, ComputeSvdVectors::No, ComputeSvdVectors::Thin, par, Default::default());
            svd::svd(
                MatRef::from_row_major_slice(a, n, p),
                s.as_mut(),
                None,
                Some(v.as_mut()),
                par,
                MemStack::new(&mut MemBuffer::new(scratch)),
                Default::default(),
            )
            .ok()?;
            let s = s.column_vector();
            Some(((0..k).map(|i| s[i]).collect(), (0..k * p).map(|x| v[(x % p, x / p)]).collect()))
        }
    };
}

svd_right_for!(svd_right_f32, f32);
svd_right_for!(svd_right_f64, f64);

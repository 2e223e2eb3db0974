//! Dense products and factorizations on the host, through faer (multithreaded, blocked;
//! faster than ndarray's matrixmultiply on every shape we measured). The entry points take
//! row-major matrices as `CpuData` of a float dtype, which `ops` has promoted them to.

use super::scalar::Num;
use crate::array::{typed, CpuData, Element};
use crate::dtype::DType;
use crate::ops::{BinaryVisitor, PairTerm};
use faer::linalg::matmul::matmul;
use faer::linalg::matmul::triangular::{self, BlockStructure};
use faer::{Accum, MatMut, MatRef, Par};
use ndarray::{ArrayD, IxDyn};
use std::borrow::Cow;

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

/// The elements in row-major order, borrowed when already stored so.
fn contiguous<T: Element>(d: &CpuData) -> Cow<'_, [T]> {
    match T::view(d).and_then(|v| v.to_slice()) {
        Some(s) => Cow::Borrowed(s),
        None => Cow::Owned(typed::<T>(d).iter().copied().collect()),
    }
}

fn matrix<T>(v: Vec<T>, r: usize, c: usize) -> CpuData
where
    CpuData: From<ArrayD<T>>,
{
    CpuData::from(ArrayD::from_shape_vec(IxDyn(&[r, c]), v).expect("length matches"))
}

fn vector<T>(v: Vec<T>) -> CpuData
where
    CpuData: From<ArrayD<T>>,
{
    CpuData::from(ndarray::Array1::from(v).into_dyn())
}

/// The faer routines on row-major slices, for f32 and f64.
trait Dense: Element {
    /// op(A) op(B) for A (ar x ac) and B (br x bc).
    #[allow(clippy::too_many_arguments)]
    fn gemm(a: &[Self], ar: usize, ac: usize, ta: bool, b: &[Self], br: usize, bc: usize, tb: bool) -> Vec<Self>;
    /// The lower Cholesky factor of the n x n `a` (lower triangle read), or the index of the
    /// first pivot that is not positive.
    fn cholesky(a: &[Self], n: usize) -> Result<Vec<Self>, usize>;
    /// Solves M X = B for the p x p triangular `a` (M = A, or A^T when `transpose`; `m_lower`
    /// says whether M is lower) and the p x r `b`.
    fn trsv(a: &[Self], p: usize, b: &[Self], r: usize, transpose: bool, m_lower: bool) -> Vec<Self>;
    /// Eigenvalues (ascending) and eigenvectors (columns) of the symmetric n x n `a`, lower
    /// triangle read; None when faer does not converge.
    fn eigh(a: &[Self], n: usize) -> Option<(Vec<Self>, Vec<Self>)>;
    /// Reduced QR of the n x p `a`: Q (n x k) and R (k x p), k = min(n, p), signs chosen so
    /// that R's diagonal is not negative.
    fn qr(a: &[Self], n: usize, p: usize) -> (Vec<Self>, Vec<Self>);
    /// Thin SVD of the n x p `a`: U (n x k), s (k, descending) and V^T (k x p), k = min(n, p);
    /// None when faer does not converge.
    fn svd(a: &[Self], n: usize, p: usize) -> Option<(Vec<Self>, Vec<Self>, Vec<Self>)>;
    /// s (k, descending) and V^T (k x p) of the n x p `a`, without forming U; None when faer
    /// does not converge.
    fn svd_right(a: &[Self], n: usize, p: usize) -> Option<(Vec<Self>, Vec<Self>)>;
}

macro_rules! dense_for {
    ($t:ty) => {
        impl Dense for $t {
            fn gemm(
                a: &[Self],
                ar: usize,
                ac: usize,
                ta: bool,
                b: &[Self],
                br: usize,
                bc: usize,
                tb: bool,
            ) -> Vec<Self> {
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

            fn cholesky(a: &[Self], n: usize) -> Result<Vec<Self>, usize> {
                let m = MatRef::from_row_major_slice(a, n, n);
                let llt = m.llt(faer::Side::Lower).map_err(|e| match e {
                    faer::linalg::cholesky::llt::factor::LltError::NonPositivePivot { index } => index,
                })?;
                let l = llt.L();
                Ok((0..n * n).map(|k| if k % n <= k / n { l[(k / n, k % n)] } else { 0.0 }).collect())
            }

            fn trsv(a: &[Self], p: usize, b: &[Self], r: usize, transpose: bool, m_lower: bool) -> Vec<Self> {
                let m = MatRef::from_row_major_slice(a, p, p);
                let m = if transpose { m.transpose() } else { m };
                let mut x = faer::Mat::<Self>::from_fn(p, r, |i, j| b[i * r + j]);
                if m_lower {
                    m.solve_lower_triangular_in_place(x.as_mut());
                } else {
                    m.solve_upper_triangular_in_place(x.as_mut());
                }
                (0..p * r).map(|k| x[(k / r, k % r)]).collect()
            }

            fn eigh(a: &[Self], n: usize) -> Option<(Vec<Self>, Vec<Self>)> {
                let m = MatRef::from_row_major_slice(a, n, n);
                let evd = m.self_adjoint_eigen(faer::Side::Lower).ok()?;
                let (s, u) = (evd.S().column_vector(), evd.U());
                Some(((0..n).map(|i| s[i]).collect(), (0..n * n).map(|k| u[(k / n, k % n)]).collect()))
            }

            fn qr(a: &[Self], n: usize, p: usize) -> (Vec<Self>, Vec<Self>) {
                let qr = MatRef::from_row_major_slice(a, n, p).qr();
                let (q, r) = (qr.compute_thin_Q(), qr.thin_R());
                let k = n.min(p);
                let sign: Vec<Self> = (0..k).map(|i| if r[(i, i)] < 0.0 { -1.0 } else { 1.0 }).collect();
                let q_out = (0..n * k).map(|x| q[(x / k, x % k)] * sign[x % k]).collect();
                let r_out =
                    (0..k * p).map(|x| if x % p < x / p { 0.0 } else { r[(x / p, x % p)] * sign[x / p] }).collect();
                (q_out, r_out)
            }

            fn svd(a: &[Self], n: usize, p: usize) -> Option<(Vec<Self>, Vec<Self>, Vec<Self>)> {
                let svd = MatRef::from_row_major_slice(a, n, p).thin_svd().ok()?;
                let k = n.min(p);
                let (u, s, v) = (svd.U(), svd.S().column_vector(), svd.V());
                Some((
                    (0..n * k).map(|x| u[(x / k, x % k)]).collect(),
                    (0..k).map(|i| s[i]).collect(),
                    (0..k * p).map(|x| v[(x % p, x / p)]).collect(),
                ))
            }

            fn svd_right(a: &[Self], n: usize, p: usize) -> Option<(Vec<Self>, Vec<Self>)> {
                use faer::dyn_stack::{MemBuffer, MemStack};
                use faer::linalg::svd::{self, ComputeSvdVectors};
                let k = n.min(p);
                let (mut s, mut v) = (faer::diag::Diag::<Self>::zeros(k), faer::Mat::<Self>::zeros(p, k));
                let par = parallelism();
                let scratch = svd::svd_scratch::<Self>(
                    n,
                    p,
                    ComputeSvdVectors::No,
                    ComputeSvdVectors::Thin,
                    par,
                    Default::default(),
                );
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
        }
    };
}

dense_for!(f32);
dense_for!(f64);

/// Runs `$body` with `$t` bound to f32 or f64, as `$dtype` says.
macro_rules! float {
    ($dtype:expr, $t:ident => $body:expr) => {
        match $dtype {
            DType::F32 => {
                type $t = f32;
                $body
            }
            _ => {
                type $t = f64;
                $body
            }
        }
    };
}

/// op(A) op(B) for A (ar x ac) and B (br x bc), as an m x n matrix.
pub(crate) fn gemm(
    a: &CpuData,
    (ar, ac): (usize, usize),
    ta: bool,
    b: &CpuData,
    (br, bc): (usize, usize),
    tb: bool,
) -> CpuData {
    let (m, n) = (if ta { ac } else { ar }, if tb { br } else { bc });
    float!(a.dtype(), T => matrix(T::gemm(&contiguous::<T>(a), ar, ac, ta, &contiguous::<T>(b), br, bc, tb), m, n))
}

/// The lower Cholesky factor of the n x n `a`, or the index of the first failed pivot.
pub(crate) fn cholesky(a: &CpuData, n: usize) -> Result<CpuData, usize> {
    float!(a.dtype(), T => Ok(matrix(T::cholesky(&contiguous::<T>(a), n)?, n, n)))
}

/// X (p x r) with M X = B, as [`Dense::trsv`].
pub(crate) fn trsv(a: &CpuData, p: usize, b: &CpuData, r: usize, transpose: bool, m_lower: bool) -> CpuData {
    float!(a.dtype(), T => matrix(T::trsv(&contiguous::<T>(a), p, &contiguous::<T>(b), r, transpose, m_lower), p, r))
}

/// Eigenvalues and eigenvectors of the symmetric n x n `a`; None without convergence.
pub(crate) fn eigh(a: &CpuData, n: usize) -> Option<(CpuData, CpuData)> {
    float!(a.dtype(), T => T::eigh(&contiguous::<T>(a), n).map(|(w, v)| (vector(w), matrix(v, n, n))))
}

/// Q (n x k) and R (k x p) of the n x p `a`.
pub(crate) fn qr(a: &CpuData, n: usize, p: usize) -> (CpuData, CpuData) {
    let k = n.min(p);
    float!(a.dtype(), T => {
        let (q, r) = T::qr(&contiguous::<T>(a), n, p);
        (matrix(q, n, k), matrix(r, k, p))
    })
}

/// U (only when `want_u`), s and V^T of the n x p `a`; None without convergence.
pub(crate) fn svd(a: &CpuData, n: usize, p: usize, want_u: bool) -> Option<(Option<CpuData>, CpuData, CpuData)> {
    let k = n.min(p);
    float!(a.dtype(), T => {
        let x = contiguous::<T>(a);
        if want_u {
            T::svd(&x, n, p).map(|(u, s, vt)| (Some(matrix(u, n, k)), vector(s), matrix(vt, k, p)))
        } else {
            T::svd_right(&x, n, p).map(|(s, vt)| (None, vector(s), matrix(vt, k, p)))
        }
    })
}

/// Σ_k term(x[i, k], y[j, k]) for x (m x k) and y (n x k), row-major, as an m x n matrix.
pub(crate) fn pair_sums(term: PairTerm, x: &CpuData, y: &CpuData, (m, n, k): (usize, usize, usize)) -> CpuData {
    float!(x.dtype(), T => matrix(
        term.visit_cpu::<T, _>(PairRows { x: &contiguous::<T>(x), y: &contiguous::<T>(y), m, n, k }),
        m,
        n
    ))
}

/// The rows of a pair sum, for the op table's CPU dispatch.
struct PairRows<'a, T> {
    x: &'a [T],
    y: &'a [T],
    m: usize,
    n: usize,
    k: usize,
}

impl<T: Num + Send + Sync> BinaryVisitor<T, T> for PairRows<'_, T> {
    type Output = Vec<T>;
    fn visit<F: Fn(T, T) -> T + Sync>(self, f: F) -> Vec<T> {
        let PairRows { x, y, m, n, k } = self;
        // Eight running sums per pair, so that the loop vectorizes and no one sum runs long.
        const LANES: usize = 8;
        let sum = |a: &[T], b: &[T]| {
            let mut lanes = [T::zero(); LANES];
            let (head, tail) = (a.len() / LANES * LANES, a.len() % LANES);
            for (ca, cb) in a[..head].chunks_exact(LANES).zip(b[..head].chunks_exact(LANES)) {
                for l in 0..LANES {
                    lanes[l] = lanes[l].add(f(ca[l], cb[l]));
                }
            }
            for l in 0..tail {
                lanes[l] = lanes[l].add(f(a[head + l], b[head + l]));
            }
            let half = |v: &mut [T; LANES], w: usize| (0..w).for_each(|l| v[l] = v[l].add(v[l + w]));
            half(&mut lanes, 4);
            half(&mut lanes, 2);
            half(&mut lanes, 1);
            lanes[0]
        };
        // SAFETY: every item of each chunk (whole rows) is written.
        unsafe {
            super::alloc::build(m * n, n, |start, chunk| {
                for (e, out) in chunk.iter_mut().enumerate() {
                    let (i, j) = ((start + e) / n, (start + e) % n);
                    out.write(sum(&x[i * k..(i + 1) * k], &y[j * k..(j + 1) * k]));
                }
            })
        }
    }
}

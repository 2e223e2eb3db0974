//! Dense factorizations and solves: Cholesky, triangular and SPD solves, eigh, QR and SVD,
//! with the compositions on top of them (svd_flip, pinv, lstsq). Each factorization checks
//! and promotes its input here, then runs on the CPU through faer (`backend::cpu::linalg`) or
//! on a GPU by the algorithms of `backend::gpu::decompose`.

use super::linalg::gemm;
use super::{astype, sub};
use crate::array::Array;
use crate::backend::cpu::linalg as cpu;
use crate::device::Device;
use crate::dtype::DType;
use crate::error::{Error, Result};

fn square(a: &Array, op: &'static str) -> Result<usize> {
    match a.shape() {
        [r, c] if r == c => Ok(*r),
        s => Err(Error::ShapeMismatch { op, detail: format!("expected a square matrix, got shape {s:?}") }),
    }
}

fn matrix(a: &Array, op: &'static str) -> Result<(usize, usize)> {
    match a.shape() {
        [n, p] => Ok((*n, *p)),
        s => Err(Error::ShapeMismatch { op, detail: format!("expected a matrix, got shape {s:?}") }),
    }
}

/// The lower-triangular L with a = L L^T, for a symmetric positive definite matrix (only its
/// lower triangle is read). `Error::NotPositiveDefinite` names the first failing pivot.
pub async fn cholesky(a: &Array) -> Result<Array> {
    let n = square(a, "cholesky")?;
    let a = astype(a, a.dtype().float_result())?;
    match a.device() {
        Device::Cpu => cpu::cholesky(a.cpu(), n)
            .map(Array::from_cpu)
            .map_err(|pivot| Error::NotPositiveDefinite { op: "cholesky", pivot }),
        Device::Gpu(ctx) => ctx.cholesky(&a, "cholesky").await,
    }
}

/// Solves M x = b for a triangular matrix: M is `a` (lower or upper as `lower` says), or its
/// transpose when `transpose`. `b` is a vector or a matrix of right-hand sides.
pub fn solve_triangular(a: &Array, b: &Array, lower: bool, transpose: bool) -> Result<Array> {
    a.check_device(b, "solve_triangular")?;
    let p = square(a, "solve_triangular")?;
    let (rows, r) = match b.shape() {
        [n] => (*n, 1),
        [n, r] => (*n, *r),
        s => {
            return Err(Error::ShapeMismatch {
                op: "solve_triangular",
                detail: format!("b must be 1-D or 2-D, got shape {s:?}"),
            })
        }
    };
    if rows != p {
        return Err(Error::ShapeMismatch {
            op: "solve_triangular",
            detail: format!("matrix {:?} needs {p} rows of right-hand sides, got shape {:?}", a.shape(), b.shape()),
        });
    }
    let dtype = DType::promote(a.dtype(), b.dtype()).float_result();
    let (a, b2) = (astype(a, dtype)?, astype(&b.reshape(&[p as isize, r as isize])?, dtype)?);
    // M is lower exactly when A is lower and not transposed, or upper and transposed.
    let m_lower = lower != transpose;
    let x = match a.device() {
        Device::Cpu => Array::from_cpu(cpu::trsv(a.cpu(), p, b2.cpu(), r, transpose, m_lower)),
        Device::Gpu(ctx) => ctx.solve_triangular(&a, &b2, transpose, m_lower)?,
    };
    Ok(x.with_shape(b.shape().to_vec()))
}

/// Solves a x = b for a symmetric positive definite `a` through its Cholesky factor.
pub async fn solve_spd(a: &Array, b: &Array) -> Result<Array> {
    let l = cholesky(a).await?;
    let y = solve_triangular(&l, b, true, false)?;
    solve_triangular(&l, &y, true, true)
}

/// Eigenvalues in ascending order and the matching unit eigenvectors (as columns) of a
/// symmetric matrix, of which the lower triangle is read (as LAPACK's and NumPy's eigh). On a
/// GPU: parallel cyclic Jacobi, with one readback per sweep for the convergence test.
pub async fn eigh(a: &Array) -> Result<(Array, Array)> {
    let n = square(a, "eigh")?;
    let a = astype(a, a.dtype().float_result())?;
    match a.device() {
        Device::Cpu => {
            let (w, v) =
                cpu::eigh(a.cpu(), n).ok_or_else(|| Error::NoConvergence { op: "eigh", shape: format!("{n}x{n}") })?;
            Ok((Array::from_cpu(w), Array::from_cpu(v)))
        }
        Device::Gpu(ctx) => ctx.eigh(&a).await,
    }
}

/// Reduced QR decomposition a = Q R: Q (n x k) with orthonormal columns and R (k x p) upper
/// triangular with a non-negative diagonal, k = min(n, p). The sign convention makes the
/// factors unique for full-rank input, so they agree across devices. On a GPU: CholeskyQR2
/// (two rounds of R = chol(A^T A)^T, Q = A R^-1), accurate for condition numbers up to about
/// 1e7 in float64; a rank-deficient matrix is `Error::NotPositiveDefinite`.
pub async fn qr(a: &Array) -> Result<(Array, Array)> {
    let (n, p) = matrix(a, "qr")?;
    let a = astype(a, a.dtype().float_result())?;
    match a.device() {
        Device::Cpu => {
            let (q, r) = cpu::qr(a.cpu(), n, p);
            Ok((Array::from_cpu(q), Array::from_cpu(r)))
        }
        Device::Gpu(ctx) => ctx.qr(&a).await,
    }
}

/// Thin singular value decomposition a = U diag(s) V^T: U (n x k), s (k, descending), V^T
/// (k x p), k = min(n, p). Signs are not normalized (see scikit-learn's svd_flip). On a GPU:
/// one-sided Jacobi (Hestenes), exact for rank-deficient input (U's columns for zero singular
/// values are zero), one readback per sweep for the convergence test. Matrices with more
/// than 32768 rows (longer than one Jacobi dispatch walks) go through the eigenvectors of
/// A^T A first.
pub async fn svd(a: &Array) -> Result<(Array, Array, Array)> {
    let (u, s, vt) = svd_impl(a, true).await?;
    Ok((u.expect("U was asked for"), s, vt))
}

/// The singular values s (k, descending) and right singular vectors V^T (k x p) of [`svd`],
/// without forming U: what estimators that only project onto V need (it saves a pass over
/// the data, and on the CPU half of the work).
pub async fn svd_right(a: &Array) -> Result<(Array, Array)> {
    let (_, s, vt) = svd_impl(a, false).await?;
    Ok((s, vt))
}

async fn svd_impl(a: &Array, want_u: bool) -> Result<(Option<Array>, Array, Array)> {
    let (n, p) = matrix(a, "svd")?;
    let a = astype(a, a.dtype().float_result())?;
    if let Some(scale) = svd_scale(&a).await? {
        let (u, s, vt) = Box::pin(svd_impl(&super::div_scalar(&a, scale)?, want_u)).await?;
        return Ok((u, super::mul_scalar(&s, scale)?, vt));
    }
    match a.device() {
        Device::Cpu => {
            let (u, s, vt) = cpu::svd(a.cpu(), n, p, want_u)
                .ok_or_else(|| Error::NoConvergence { op: "svd", shape: format!("{n}x{p}") })?;
            Ok((u.map(Array::from_cpu), Array::from_cpu(s), Array::from_cpu(vt)))
        }
        Device::Gpu(ctx) => ctx.svd(&a, want_u).await,
    }
}

/// The power of two to divide `a` by before its SVD, when sums of its squares, or the squares
/// of those (the off-diagonal mass that the Jacobi sweeps' convergence test sums), would
/// overflow or underflow the precision it is computed in (LAPACK's gesdd scales such input
/// too); None for everything else, which is computed as it is. Dividing by a power of two is
/// exact, so the scaled SVD differs from the unscaled one only where that one would overflow.
/// df64 has f32's exponents: data near 2^60 already overflows that test there.
/// Readback: the largest magnitude of `a`.
async fn svd_scale(a: &Array) -> Result<Option<f64>> {
    if a.is_empty() {
        return Ok(None);
    }
    let largest = super::reduce::max(&super::abs(a)?, None, false)?.to_vec::<f64>().await?[0];
    let crate::array::Precision { tiny, huge, eps } = a.precision();
    let count = a.len() as f64;
    let in_range = largest <= (huge / (count * count)).powf(0.25) && largest >= (tiny / eps).sqrt();
    if !largest.is_finite() || largest == 0.0 || in_range {
        return Ok(None);
    }
    Ok(Some(2f64.powi(largest.log2().round() as i32)))
}

/// scikit-learn's `svd_flip`: signs that make the factors deterministic. With
/// `u_based_decision`, the entry of largest magnitude in each column of `u` becomes positive;
/// otherwise the one in each row of `vt`. Returns the flipped (u, vt).
pub async fn svd_flip(u: &Array, vt: &Array, u_based_decision: bool) -> Result<(Array, Array)> {
    u.check_device(vt, "svd_flip")?;
    let (basis, by_columns) = if u_based_decision { (u, true) } else { (vt, false) };
    let (rows, cols) = match basis.shape() {
        [r, c] => (*r, *c),
        s => {
            return Err(Error::ShapeMismatch { op: "svd_flip", detail: format!("expected a matrix, got shape {s:?}") })
        }
    };
    let dev = basis.device();
    // The flat index of the largest |entry| of every column (or row).
    let (arg, count, stride_arg, stride_pos) = if by_columns {
        (super::argmax(&super::abs(basis)?, Some(0))?, cols, cols, 1)
    } else {
        (super::argmax(&super::abs(basis)?, Some(1))?, rows, 1, cols)
    };
    let positions = Array::arange(dev, 0.0, count as f64, 1.0, DType::I32)?;
    let flat = super::add(
        &super::mul(&arg, &Array::scalar(dev, stride_arg as f64, DType::I32)?)?,
        &super::mul(&positions, &Array::scalar(dev, stride_pos as f64, DType::I32)?)?,
    )?;
    let signs = super::sign(&super::sort::take(&basis.reshape(&[-1])?, &flat, 0).await?)?;
    let u = super::mul(u, &signs.reshape(&[1, -1])?)?;
    let vt = super::mul(vt, &signs.reshape(&[-1, 1])?)?;
    Ok((u, vt))
}

/// The Moore-Penrose pseudo-inverse through the SVD, singular values at or below
/// `rtol * max(s)` counting as zero (NumPy's default rtol: max(n, p) * eps).
pub async fn pinv(a: &Array, rtol: Option<f64>) -> Result<Array> {
    let (u, s, vt) = svd(a).await?;
    let s_inv = inverse_above_cutoff(a, &s, rtol)?;
    gemm(&super::mul(&vt, &s_inv.reshape(&[-1, 1])?)?, &u, true, true)
}

/// 1 / s where s exceeds the cutoff, 0 elsewhere.
fn inverse_above_cutoff(a: &Array, s: &Array, rtol: Option<f64>) -> Result<Array> {
    // The epsilon of the precision the singular values were computed in.
    let eps = s.precision().eps;
    let rtol = rtol.unwrap_or(a.shape().iter().copied().max().unwrap_or(1) as f64 * eps);
    if s.is_empty() {
        return Ok(s.clone());
    }
    let cutoff = super::mul(&super::reduce::max(s, None, false)?, &Array::scalar(a.device(), rtol, s.dtype())?)?;
    let keep = super::greater(s, &cutoff)?;
    let one = Array::scalar(a.device(), 1.0, s.dtype())?;
    let zero = Array::scalar(a.device(), 0.0, s.dtype())?;
    super::where_(&keep, &super::div(&one, &super::where_(&keep, s, &one)?)?, &zero)
}

/// What [`lstsq`] returns, as NumPy's lstsq.
pub struct Lstsq {
    /// The minimum-norm least-squares solution (p, or p x k for k right-hand sides).
    pub solution: Array,
    /// Squared residual norms per right-hand side when the rank is p and n > p, else empty.
    pub residuals: Array,
    pub rank: usize,
    pub singular_values: Array,
}

/// Least-squares solution of a x = b through the SVD, as NumPy's lstsq (singular values at or
/// below `rcond * max(s)` count as zero; default max(n, p) * eps).
/// Readback: the rank, the number of singular values above the cutoff.
pub async fn lstsq(a: &Array, b: &Array, rcond: Option<f64>) -> Result<Lstsq> {
    a.check_device(b, "lstsq")?;
    let (n, p) = match a.shape() {
        [n, p] => (*n, *p),
        s => return Err(Error::ShapeMismatch { op: "lstsq", detail: format!("expected a matrix, got shape {s:?}") }),
    };
    if b.shape().first() != Some(&n) || b.ndim() > 2 {
        return Err(Error::ShapeMismatch {
            op: "lstsq",
            detail: format!("a is {:?}, b must have {n} rows, got shape {:?}", a.shape(), b.shape()),
        });
    }
    let b2 = b.reshape(&[n as isize, -1])?;
    let (u, s, vt) = svd(a).await?;
    let s_inv = inverse_above_cutoff(a, &s, rcond)?;
    let rank = super::count_nonzero(&s_inv, None, false)?.to_vec::<i32>().await?[0] as usize;
    let coef = super::mul(&gemm(&u, &b2, true, false)?, &s_inv.reshape(&[-1, 1])?)?;
    let x = gemm(&vt, &coef, true, false)?;
    let residuals = if rank == p && n > p {
        let r = sub(&gemm(a, &x, false, false)?, &astype(&b2, x.dtype())?)?;
        super::reduce::sum(&super::square(&r)?, Some(0), false)?
    } else {
        Array::zeros(a.device(), &[0], x.dtype())?
    };
    let solution = if b.ndim() == 1 { x.reshape(&[-1])? } else { x };
    Ok(Lstsq { solution, residuals, rank, singular_values: s })
}

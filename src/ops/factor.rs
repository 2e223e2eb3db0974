//! Dense factorizations and solves: Cholesky, triangular solves and SPD solves. On the CPU
//! through faer; on a GPU blocked, so that every kernel works on a small diagonal block or
//! on matrix products, and the only readback is the positive-definiteness check.

use super::linalg::{contiguous, gemm};
use super::{astype, sub};
use crate::array::{concat, typed, Array, CpuData, Element};
use crate::backend::cpu::linalg as cpu;
use crate::backend::gpu::factor::CHOLESKY_BLOCK;
use crate::device::Device;
use crate::dtype::DType;
use crate::error::{Error, Result};

fn host<T: Element>(a: &Array) -> Vec<T> {
    typed::<T>(a.cpu()).iter().copied().collect()
}

fn square(a: &Array, op: &'static str) -> Result<usize> {
    match a.shape() {
        [r, c] if r == c => Ok(*r),
        s => Err(Error::ShapeMismatch { op, detail: format!("expected a square matrix, got shape {s:?}") }),
    }
}

/// The lower-triangular L with a = L L^T, for a symmetric positive definite matrix (only its
/// lower triangle is read). `Error::NotPositiveDefinite` names the first failing pivot.
pub async fn cholesky(a: &Array) -> Result<Array> {
    let n = square(a, "cholesky")?;
    let dtype = a.dtype().float_result();
    let a = astype(a, dtype)?;
    let failed = |pivot| Error::NotPositiveDefinite { op: "cholesky", pivot };
    match a.device() {
        Device::Cpu => {
            let data = match dtype {
                DType::F32 => CpuData::F32(to_nd(cpu::cholesky_f32(&host(&a), n).map_err(failed)?, n, n)),
                _ => CpuData::F64(to_nd(cpu::cholesky_f64(&host(&a), n).map_err(failed)?, n, n)),
            };
            Ok(Array::from_cpu(data))
        }
        Device::Gpu(ctx) => {
            let dev = a.device();
            let flag = Array::zeros(dev, &[1], DType::U32)?;
            let mut panels = Vec::new();
            let mut trailing = a.clone();
            let mut j0 = 0;
            while j0 < n {
                let w = CHOLESKY_BLOCK.min(n - j0);
                let rest = n - j0 - w;
                // Slices are fresh copies, so the kernel may factor the block in place.
                let l11 = trailing.slice_rows(0, w)?.slice_cols(0, w)?;
                ctx.cholesky_block(l11.gpu(), w, j0, flag.gpu(), dtype)?;
                let panel = if rest > 0 {
                    // L21 L11^T = A21, solved as L11 L21^T = A21^T.
                    let l21_t = trailing.slice_rows(w, w + rest)?.slice_cols(0, w)?.t()?;
                    ctx.trsv(l11.gpu(), w, l21_t.gpu(), rest, false, true, dtype)?;
                    let l21 = l21_t.t()?;
                    let a22 = trailing.slice_rows(w, w + rest)?.slice_cols(w, w + rest)?;
                    trailing = sub(&a22, &gemm(&l21, &l21, false, true)?)?;
                    concat(&[&l11, &l21], 0)?
                } else {
                    l11
                };
                panels.push(concat(&[&Array::zeros(dev, &[j0, w], dtype)?, &panel], 0)?);
                j0 += w;
            }
            // Readback: whether a pivot failed decides between the factor and an error.
            let pivot = flag.to_vec::<u32>().await?[0];
            if pivot > 0 {
                return Err(failed(pivot as usize - 1));
            }
            if panels.is_empty() {
                return Array::zeros(dev, &[0, 0], dtype);
            }
            let refs: Vec<&Array> = panels.iter().collect();
            concat(&refs, 1)
        }
    }
}

fn vector<T>(v: Vec<T>) -> ndarray::ArrayD<T> {
    ndarray::Array1::from(v).into_dyn()
}

fn to_nd<T>(v: Vec<T>, r: usize, c: usize) -> ndarray::ArrayD<T> {
    ndarray::ArrayD::from_shape_vec(ndarray::IxDyn(&[r, c]), v).expect("length matches")
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
    let (a, b) = (astype(a, dtype)?, astype(b, dtype)?);
    // M is lower exactly when A is lower and not transposed, or upper and transposed.
    let m_lower = lower != transpose;
    match a.device() {
        Device::Cpu => {
            let data = match dtype {
                DType::F32 => CpuData::F32(to_nd(cpu::trsv_f32(&host(&a), p, &host(&b), r, transpose, m_lower), p, r)),
                _ => CpuData::F64(to_nd(cpu::trsv_f64(&host(&a), p, &host(&b), r, transpose, m_lower), p, r)),
            };
            Ok(Array::from_cpu(data).with_shape(b.shape().to_vec()))
        }
        Device::Gpu(ctx) => {
            // A private copy of b is solved in place.
            let x = b.reshape(&[p as isize, r as isize])?.slice_rows(0, p)?;
            ctx.trsv(a.gpu(), p, x.gpu(), r, transpose, m_lower, dtype)?;
            Ok(x.with_shape(b.shape().to_vec()))
        }
    }
}

/// Solves a x = b for a symmetric positive definite `a` through its Cholesky factor.
pub async fn solve_spd(a: &Array, b: &Array) -> Result<Array> {
    let l = cholesky(a).await?;
    let y = solve_triangular(&l, b, true, false)?;
    solve_triangular(&l, &y, true, true)
}

/// Jacobi sweeps before `eigh` gives up (convergence is quadratic: ~10 suffice in practice).
const MAX_SWEEPS: usize = 40;

/// Eigenvalues in ascending order and the matching unit eigenvectors (as columns) of a
/// symmetric matrix, of which the lower triangle is read (as LAPACK's and NumPy's eigh). On a
/// GPU: parallel cyclic Jacobi, with one readback per sweep for the convergence test.
pub async fn eigh(a: &Array) -> Result<(Array, Array)> {
    let n = square(a, "eigh")?;
    let dtype = a.dtype().float_result();
    let a = astype(a, dtype)?;
    match a.device() {
        Device::Cpu => {
            let no_convergence = || Error::NoConvergence { op: "eigh", shape: format!("{n}x{n}") };
            let (w, v) = match dtype {
                DType::F32 => {
                    let (w, v) = cpu::eigh_f32(&host(&a), n).ok_or_else(no_convergence)?;
                    (CpuData::F32(vector(w)), CpuData::F32(to_nd(v, n, n)))
                }
                _ => {
                    let (w, v) = cpu::eigh_f64(&host(&a), n).ok_or_else(no_convergence)?;
                    (CpuData::F64(vector(w)), CpuData::F64(to_nd(v, n, n)))
                }
            };
            Ok((Array::from_cpu(w), Array::from_cpu(v)))
        }
        Device::Gpu(ctx) => {
            let dev = a.device();
            // The symmetric matrix that the lower triangle defines.
            let rows = Array::arange(dev, 0.0, n as f64, 1.0, DType::I32)?;
            let lower = super::greater_equal(&rows.reshape(&[-1, 1])?, &rows.reshape(&[1, -1])?)?;
            let work = super::where_(&lower, &a, &a.t()?)?;
            let v = Array::eye(dev, n, None, 0, dtype)?;
            let rot = Array::zeros(dev, &[n + n % 2 + 2], dtype)?;
            let off_diagonal = super::logical_not(&Array::eye(dev, n, None, 0, DType::Bool)?)?;
            let zero = Array::scalar(dev, 0.0, dtype)?;
            let off_norm = |m: &Array| -> Result<Array> {
                super::reduce::sum(&super::square(&super::where_(&off_diagonal, m, &zero)?)?, None, false)
            };
            // Readback: the scale of A, for the convergence threshold.
            let total = super::reduce::sum(&super::square(&work)?, None, false)?.to_vec::<f64>().await?[0];
            let eps = if ctx.storage_dtype(dtype) == DType::F64 { f64::EPSILON } else { f32::EPSILON as f64 };
            let threshold = (n as f64 * eps).powi(2) * total;
            if n > 1 {
                for _ in 0..MAX_SWEEPS {
                    ctx.jacobi_sweep(work.gpu(), n, v.gpu(), rot.gpu(), n, false, dtype)?;
                    // Readback: the convergence test.
                    if off_norm(&work)?.to_vec::<f64>().await?[0] <= threshold {
                        break;
                    }
                }
            }
            let w = super::reduce::sum(&super::mul(&work, &Array::eye(dev, n, None, 0, dtype)?)?, Some(1), false)?;
            let order = super::sort::argsort(&w, -1)?;
            let w = super::sort::take(&w, &order, 0).await?;
            let v = super::sort::take(&v, &order, 1).await?;
            Ok((w, v))
        }
    }
}

/// Reduced QR decomposition a = Q R: Q (n x k) with orthonormal columns and R (k x p) upper
/// triangular with a non-negative diagonal, k = min(n, p). The sign convention makes the
/// factors unique for full-rank input, so they agree across devices. On a GPU: CholeskyQR2
/// (two rounds of R = chol(A^T A)^T, Q = A R^-1), accurate for condition numbers up to about
/// 1e7 in float64; a rank-deficient matrix is `Error::NotPositiveDefinite`.
pub async fn qr(a: &Array) -> Result<(Array, Array)> {
    let (n, p) = match a.shape() {
        [n, p] => (*n, *p),
        s => return Err(Error::ShapeMismatch { op: "qr", detail: format!("expected a matrix, got shape {s:?}") }),
    };
    let dtype = a.dtype().float_result();
    let a = astype(a, dtype)?;
    let k = n.min(p);
    match a.device() {
        Device::Cpu => {
            let (q, r) = match dtype {
                DType::F32 => {
                    let (q, r) = cpu::qr_f32(&host(&a), n, p);
                    (CpuData::F32(to_nd(q, n, k)), CpuData::F32(to_nd(r, k, p)))
                }
                _ => {
                    let (q, r) = cpu::qr_f64(&host(&a), n, p);
                    (CpuData::F64(to_nd(q, n, k)), CpuData::F64(to_nd(r, k, p)))
                }
            };
            Ok((Array::from_cpu(q), Array::from_cpu(r)))
        }
        Device::Gpu(_) => {
            // Wide matrices: the QR of the leading square block, then R = Q^T A.
            let square_part = if p > n { a.slice_cols(0, n)? } else { a.clone() };
            let (q, r1) = cholesky_qr(&square_part).await?;
            let (q, r2) = cholesky_qr(&q).await?;
            let r = if p > n { gemm(&q, &a, true, false)? } else { gemm(&r2, &r1, false, false)? };
            Ok((q, r))
        }
    }
}

/// One round of CholeskyQR: R = L^T for A^T A = L L^T, and Q = A R^-1 (through L Q^T = A^T).
async fn cholesky_qr(a: &Array) -> Result<(Array, Array)> {
    let l = cholesky(&gemm(a, a, true, false)?).await.map_err(|e| match e {
        Error::NotPositiveDefinite { pivot, .. } => Error::NotPositiveDefinite { op: "qr", pivot },
        other => other,
    })?;
    let p = l.shape()[0];
    // Readback: the rank decision. Rounding keeps exact zero pivots from showing, so a pivot
    // below sqrt(eps) times the largest means A is rank deficient to working precision (and
    // beyond what CholeskyQR2 resolves).
    let eye = Array::eye(a.device(), p, None, 0, l.dtype())?;
    let diag = super::reduce::sum(&super::mul(&l, &eye)?, Some(1), false)?.to_vec::<f64>().await?;
    let largest = diag.iter().fold(0.0f64, |m, &d| m.max(d));
    let eps =
        if a.dtype() == DType::F64 && a.device().info().native_f64 { f64::EPSILON } else { f64::from(f32::EPSILON) };
    if let Some(pivot) = diag.iter().position(|&d| d.is_nan() || d <= eps.sqrt() * largest) {
        return Err(Error::NotPositiveDefinite { op: "qr", pivot });
    }
    let q = solve_triangular(&l, &a.t()?, true, false)?.t()?;
    Ok((q, l.t()?))
}

/// Thin singular value decomposition a = U diag(s) V^T: U (n x k), s (k, descending), V^T
/// (k x p), k = min(n, p). Signs are not normalized (see scikit-learn's svd_flip). On a GPU:
/// one-sided Jacobi (Hestenes), exact for rank-deficient input (U's columns for zero singular
/// values are zero), one readback per sweep for the convergence test. Matrices with more
/// than 32768 rows (longer than one Jacobi dispatch walks) go through the eigenvectors of
/// A^T A first (see `tall_svd`).
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
    let (n, p) = match a.shape() {
        [n, p] => (*n, *p),
        s => return Err(Error::ShapeMismatch { op: "svd", detail: format!("expected a matrix, got shape {s:?}") }),
    };
    let dtype = a.dtype().float_result();
    let a = astype(a, dtype)?;
    if let Some(scale) = svd_scale(&a).await? {
        let (u, s, vt) = Box::pin(svd_impl(&super::div_scalar(&a, scale)?, want_u)).await?;
        return Ok((u, super::mul_scalar(&s, scale)?, vt));
    }
    let k = n.min(p);
    match a.device() {
        Device::Cpu => {
            let no_convergence = || Error::NoConvergence { op: "svd", shape: format!("{n}x{p}") };
            let x = a.cpu();
            let (u, s, vt) = match (dtype, want_u) {
                (DType::F32, true) => {
                    let (u, s, vt) = cpu::svd_f32(&contiguous(x), n, p).ok_or_else(no_convergence)?;
                    (Some(CpuData::F32(to_nd(u, n, k))), CpuData::F32(vector(s)), CpuData::F32(to_nd(vt, k, p)))
                }
                (DType::F32, false) => {
                    let (s, vt) = cpu::svd_right_f32(&contiguous(x), n, p).ok_or_else(no_convergence)?;
                    (None, CpuData::F32(vector(s)), CpuData::F32(to_nd(vt, k, p)))
                }
                (_, true) => {
                    let (u, s, vt) = cpu::svd_f64(&contiguous(x), n, p).ok_or_else(no_convergence)?;
                    (Some(CpuData::F64(to_nd(u, n, k))), CpuData::F64(vector(s)), CpuData::F64(to_nd(vt, k, p)))
                }
                (_, false) => {
                    let (s, vt) = cpu::svd_right_f64(&contiguous(x), n, p).ok_or_else(no_convergence)?;
                    (None, CpuData::F64(vector(s)), CpuData::F64(to_nd(vt, k, p)))
                }
            };
            Ok((u.map(Array::from_cpu), Array::from_cpu(s), Array::from_cpu(vt)))
        }
        Device::Gpu(_) if n < p => {
            let (u, s, vt) = Box::pin(svd(&a.t()?)).await?;
            Ok((Some(vt.t()?), s, u.t()?))
        }
        Device::Gpu(_) if n > crate::backend::gpu::MAX_SERIAL => tall_svd(&a, want_u).await,
        Device::Gpu(_) => {
            let (u, s, vt) = jacobi_svd(&a).await?;
            Ok((Some(u), s, vt))
        }
    }
}

/// The power of two to divide `a` by before its SVD, when sums of its squares would overflow
/// or underflow the precision it is computed in (LAPACK's gesdd scales such input too); None
/// for everything else, which is computed as it is. Dividing by a power of two is exact, so the
/// scaled SVD differs from the unscaled one only where that one would overflow.
/// Readback: the largest magnitude of `a`.
async fn svd_scale(a: &Array) -> Result<Option<f64>> {
    if a.is_empty() {
        return Ok(None);
    }
    let largest = super::reduce::max(&super::abs(a)?, None, false)?.to_vec::<f64>().await?[0];
    let (tiny, huge, eps) = if a.dtype() == DType::F64 && a.device().info().native_f64 {
        (f64::MIN_POSITIVE, f64::MAX, f64::EPSILON)
    } else {
        (f64::from(f32::MIN_POSITIVE), f64::from(f32::MAX), f64::from(f32::EPSILON))
    };
    let count = a.len() as f64;
    let in_range = largest <= (huge / count).sqrt() && largest >= (tiny / eps).sqrt();
    if !largest.is_finite() || largest == 0.0 || in_range {
        return Ok(None);
    }
    Ok(Some(2f64.powi(largest.log2().round() as i32)))
}

/// SVD of a matrix with more rows than one Jacobi dispatch walks, by products only (so every
/// n-sized step is windowed over storage bindings). The eigenvectors W of A^T A make the
/// columns of Y = A W orthogonal up to rounding; scaled to unit norm (Z = Y D^-1) they are
/// well conditioned, so Z = Q R by one Cholesky of Z^T Z is accurate. Then A = Q (R D) W^T,
/// and the Jacobi SVD of the small R D finishes it. Unlike QR first, rank-deficient input is
/// fine: columns of Y at rounding level (below p eps max|y|) are its zero singular values.
/// Readback: the column norms of Y (p values), the rank decision.
async fn tall_svd(a: &Array, want_u: bool) -> Result<(Option<Array>, Array, Array)> {
    let Device::Gpu(ctx) = a.device() else { unreachable!("GPU-only helper") };
    let (n, p) = (a.shape()[0], a.shape()[1]);
    let (dev, dtype) = (a.device(), a.dtype());
    let eps = if ctx.storage_dtype(dtype) == DType::F64 { f64::EPSILON } else { f64::from(f32::EPSILON) };
    let (_, w) = eigh(&gemm(a, a, true, false)?).await?;
    let y = gemm(a, &w, false, false)?;
    let norms = super::sqrt(&super::reduce::sum(&super::square(&y)?, Some(0), false)?)?;
    let host_norms = norms.to_vec::<f64>().await?;
    let largest = host_norms.iter().fold(0.0f64, |m, &v| m.max(v));
    let mut keep: Vec<usize> = (0..p).filter(|&j| host_norms[j] > p as f64 * eps * largest).collect();
    let (u, s, vt) = loop {
        if keep.is_empty() {
            // A is zero to working precision.
            break (
                Some(Array::zeros(dev, &[n, 0], dtype)?),
                Array::zeros(dev, &[0], dtype)?,
                Array::zeros(dev, &[0, p], dtype)?,
            );
        }
        let (d, w_kept, y_kept) = if keep.len() == p {
            (norms.clone(), w.clone(), y.clone())
        } else {
            (take_host(&norms, &keep, 0).await?, take_host(&w, &keep, 1).await?, take_host(&y, &keep, 1).await?)
        };
        let z = super::div(&y_kept, &d.reshape(&[1, -1])?)?;
        let r = match cholesky(&gemm(&z, &z, true, false)?).await {
            Ok(l) => l.t()?,
            // Two columns of Y at the edge of the rank decision can still be parallel: the
            // later one counts as a zero singular value.
            Err(Error::NotPositiveDefinite { pivot, .. }) => {
                keep.remove(pivot);
                continue;
            }
            Err(e) => return Err(e),
        };
        let (um, s, vmt) = jacobi_svd(&super::mul(&r, &d.reshape(&[1, -1])?)?).await?;
        // U = Q Um = Z R^-1 Um: the n-sized work is one product.
        let u = if want_u { Some(gemm(&z, &solve_triangular(&r, &um, false, false)?, false, false)?) } else { None };
        break (u, s, gemm(&vmt, &w_kept, false, true)?);
    };
    let dropped: Vec<usize> = (0..p).filter(|j| !keep.contains(j)).collect();
    if dropped.is_empty() {
        return Ok((u, s, vt));
    }
    let z = dropped.len();
    Ok((
        match u {
            Some(u) => Some(concat(&[&u, &Array::zeros(dev, &[n, z], dtype)?], 1)?),
            None => None,
        },
        concat(&[&s, &Array::zeros(dev, &[z], dtype)?], 0)?,
        concat(&[&vt, &take_host(&w, &dropped, 1).await?.t()?], 0)?,
    ))
}

/// The entries (axis 0) or columns (axis 1) of `m` at host-side indices.
async fn take_host(m: &Array, indices: &[usize], axis: isize) -> Result<Array> {
    let idx: Vec<i32> = indices.iter().map(|&j| j as i32).collect();
    super::sort::take(m, &Array::from_vec(m.device(), idx, &[indices.len()])?, axis).await
}

/// One-sided Jacobi SVD of a tall (n >= p) matrix on a GPU.
async fn jacobi_svd(a: &Array) -> Result<(Array, Array, Array)> {
    let Device::Gpu(ctx) = a.device() else { unreachable!("GPU-only helper") };
    let (n, p) = (a.shape()[0], a.shape()[1]);
    let (dev, dtype) = (a.device(), a.dtype());
    // A private copy is rotated in place.
    let w = a.slice_rows(0, n)?;
    let v = Array::eye(dev, p, None, 0, dtype)?;
    let rot = Array::zeros(dev, &[p + p % 2 + 2], dtype)?;
    let off_diagonal = super::logical_not(&Array::eye(dev, p, None, 0, DType::Bool)?)?;
    let zero = Array::scalar(dev, 0.0, dtype)?;
    let eps = if ctx.storage_dtype(dtype) == DType::F64 { f64::EPSILON } else { f64::from(f32::EPSILON) };
    if p > 1 {
        for _ in 0..MAX_SWEEPS {
            ctx.jacobi_sweep(w.gpu(), n, v.gpu(), rot.gpu(), p, true, dtype)?;
            let g = gemm(&w, &w, true, false)?;
            let off = super::reduce::sum(&super::square(&super::where_(&off_diagonal, &g, &zero)?)?, None, false)?;
            let diag = super::reduce::sum(&super::square(&super::where_(&off_diagonal, &zero, &g)?)?, None, false)?;
            // Readback: the convergence test (columns orthogonal to working precision).
            let (off, diag) = (off.to_vec::<f64>().await?[0], diag.to_vec::<f64>().await?[0]);
            if off <= (p as f64 * eps).powi(2) * diag {
                break;
            }
        }
    }
    let norms = super::sqrt(&super::reduce::sum(&super::square(&w)?, Some(0), false)?)?;
    let order = super::sort::argsort(&super::neg(&norms)?, -1)?;
    let s = super::sort::take(&norms, &order, 0).await?;
    let w = super::sort::take(&w, &order, 1).await?;
    let v = super::sort::take(&v, &order, 1).await?;
    let one = Array::scalar(dev, 1.0, dtype)?;
    let safe = super::where_(&super::greater(&s, &zero)?, &s, &one)?;
    let u = super::div(&w, &safe.reshape(&[1, -1])?)?;
    Ok((u, s, v.t()?))
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
    let eps =
        if a.dtype() == DType::F64 && a.device().info().native_f64 { f64::EPSILON } else { f64::from(f32::EPSILON) };
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

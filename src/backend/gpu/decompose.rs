//! The GPU factorizations: blocked Cholesky, Jacobi eigh and SVD, CholeskyQR2 and the SVD of
//! matrices taller than one Jacobi dispatch walks. `ops::factor` checks and promotes the input
//! and dispatches here; these compose the factorization kernels (factor.rs) with the array
//! namespace, which handles broadcasting and windows past one binding for the arithmetic
//! between them. Every readback is named where it happens.

use super::context::GpuContext;
use super::factor::CHOLESKY_BLOCK;
use crate::array::{concat, Array};
use crate::dtype::DType;
use crate::error::{Error, Result};
use crate::ops::{self, gemm};
use std::sync::Arc;

/// Jacobi sweeps before `eigh` or `svd` gives up (convergence is quadratic: ~10 suffice).
const MAX_SWEEPS: usize = 40;

/// Σ of squares of `m` where `mask` is set.
fn masked_square_sum(mask: &Array, m: &Array, zero: &Array) -> Result<Array> {
    ops::sum(&ops::square(&ops::where_(mask, m, zero)?)?, None, false)
}

/// The entries (axis 0) or columns (axis 1) of `m` at host-side indices.
async fn take_host(m: &Array, indices: &[usize], axis: isize) -> Result<Array> {
    let idx: Vec<i32> = indices.iter().map(|&j| j as i32).collect();
    ops::take(m, &Array::from_vec(m.device(), idx, &[indices.len()])?, axis).await
}

impl GpuContext {
    /// The lower Cholesky factor of the n x n float `a` (lower triangle read), blocked so that
    /// every kernel works on one diagonal block or on matrix products.
    /// Readback: the failed-pivot flag, which decides between the factor and an error.
    pub(crate) async fn cholesky(self: &Arc<Self>, a: &Array, op: &'static str) -> Result<Array> {
        let (n, dtype, dev) = (a.shape()[0], a.dtype(), a.device());
        let flag = Array::zeros(dev, &[1], DType::U32)?;
        let mut panels = Vec::new();
        let mut trailing = a.clone();
        let mut j0 = 0;
        while j0 < n {
            let w = CHOLESKY_BLOCK.min(n - j0);
            let rest = n - j0 - w;
            // Slices are fresh copies, so the kernel may factor the block in place.
            let l11 = trailing.slice_rows(0, w)?.slice_cols(0, w)?;
            self.cholesky_block(l11.gpu(), w, j0, flag.gpu(), dtype)?;
            let panel = if rest > 0 {
                // L21 L11^T = A21, solved as L11 L21^T = A21^T.
                let l21_t = trailing.slice_rows(w, w + rest)?.slice_cols(0, w)?.t()?;
                self.trsv(l11.gpu(), w, l21_t.gpu(), rest, false, true, dtype)?;
                let l21 = l21_t.t()?;
                let a22 = trailing.slice_rows(w, w + rest)?.slice_cols(w, w + rest)?;
                trailing = ops::sub(&a22, &gemm(&l21, &l21, false, true)?)?;
                concat(&[&l11, &l21], 0)?
            } else {
                l11
            };
            panels.push(concat(&[&Array::zeros(dev, &[j0, w], dtype)?, &panel], 0)?);
            j0 += w;
        }
        let pivot = flag.to_vec::<u32>().await?[0];
        if pivot > 0 {
            return Err(Error::NotPositiveDefinite { op, pivot: pivot as usize - 1 });
        }
        if panels.is_empty() {
            return Array::zeros(dev, &[0, 0], dtype);
        }
        let refs: Vec<&Array> = panels.iter().collect();
        concat(&refs, 1)
    }

    /// X with M X = B for the p x p triangular `a` (M = A, or A^T when `transpose`; lower or
    /// upper as `m_lower` says of M) and the p x r `b`.
    pub(crate) fn solve_triangular(&self, a: &Array, b: &Array, transpose: bool, m_lower: bool) -> Result<Array> {
        let (p, r) = (b.shape()[0], b.shape()[1]);
        // A private copy of b is solved in place.
        let x = b.slice_rows(0, p)?;
        self.trsv(a.gpu(), p, x.gpu(), r, transpose, m_lower, a.dtype())?;
        Ok(x)
    }

    /// Eigenvalues (ascending) and eigenvectors (columns) of the symmetric n x n float `a`
    /// whose lower triangle is read: parallel cyclic Jacobi.
    /// Readbacks: the scale of A, then one convergence test per sweep.
    pub(crate) async fn eigh(self: &Arc<Self>, a: &Array) -> Result<(Array, Array)> {
        let (n, dtype, dev) = (a.shape()[0], a.dtype(), a.device());
        // The symmetric matrix that the lower triangle defines.
        let rows = Array::arange(dev, 0.0, n as f64, 1.0, DType::I32)?;
        let lower = ops::greater_equal(&rows.reshape(&[-1, 1])?, &rows.reshape(&[1, -1])?)?;
        let work = ops::where_(&lower, a, &a.t()?)?;
        let v = Array::eye(dev, n, None, 0, dtype)?;
        let rot = Array::zeros(dev, &[n + n % 2 + 2], dtype)?;
        let off_diagonal = ops::logical_not(&Array::eye(dev, n, None, 0, DType::Bool)?)?;
        let zero = Array::scalar(dev, 0.0, dtype)?;
        let total = ops::sum(&ops::square(&work)?, None, false)?.to_vec::<f64>().await?[0];
        let threshold = (n as f64 * a.precision().eps).powi(2) * total;
        if n > 1 {
            for _ in 0..MAX_SWEEPS {
                self.jacobi_sweep(work.gpu(), n, v.gpu(), rot.gpu(), n, false, dtype)?;
                if masked_square_sum(&off_diagonal, &work, &zero)?.to_vec::<f64>().await?[0] <= threshold {
                    break;
                }
            }
        }
        let w = ops::sum(&ops::mul(&work, &Array::eye(dev, n, None, 0, dtype)?)?, Some(1), false)?;
        let order = ops::argsort(&w, -1)?;
        Ok((ops::take(&w, &order, 0).await?, ops::take(&v, &order, 1).await?))
    }

    /// Reduced QR of the n x p float `a` by CholeskyQR2; wide matrices factor their leading
    /// square block, then R = Q^T A.
    pub(crate) async fn qr(self: &Arc<Self>, a: &Array) -> Result<(Array, Array)> {
        let (n, p) = (a.shape()[0], a.shape()[1]);
        let square_part = if p > n { a.slice_cols(0, n)? } else { a.clone() };
        let (q, r1) = self.cholesky_qr(&square_part).await?;
        let (q, r2) = self.cholesky_qr(&q).await?;
        let r = if p > n { gemm(&q, a, true, false)? } else { gemm(&r2, &r1, false, false)? };
        Ok((q, r))
    }

    /// One round of CholeskyQR: R = L^T for A^T A = L L^T, and Q = A R^-1 (through L Q^T = A^T).
    /// Readback: the rank decision. Rounding keeps exact zero pivots from showing, so a pivot
    /// below sqrt(eps) times the largest means A is rank deficient to working precision (and
    /// beyond what CholeskyQR2 resolves).
    async fn cholesky_qr(self: &Arc<Self>, a: &Array) -> Result<(Array, Array)> {
        let l = self.cholesky(&gemm(a, a, true, false)?, "qr").await?;
        let p = l.shape()[0];
        let eye = Array::eye(a.device(), p, None, 0, l.dtype())?;
        let diag = ops::sum(&ops::mul(&l, &eye)?, Some(1), false)?.to_vec::<f64>().await?;
        let largest = diag.iter().fold(0.0f64, |m, &d| m.max(d));
        let eps = a.precision().eps;
        if let Some(pivot) = diag.iter().position(|&d| d.is_nan() || d <= eps.sqrt() * largest) {
            return Err(Error::NotPositiveDefinite { op: "qr", pivot });
        }
        let q = self.solve_triangular(&l, &a.t()?, false, true)?.t()?;
        Ok((q, l.t()?))
    }

    /// The thin SVD (U only when `want_u`) of the n x p float `a`, whose squares neither
    /// overflow nor underflow: wide matrices through their transpose, matrices with more rows
    /// than one Jacobi dispatch walks through `tall_svd`, the rest by one-sided Jacobi.
    pub(crate) async fn svd(self: &Arc<Self>, a: &Array, want_u: bool) -> Result<(Option<Array>, Array, Array)> {
        let (n, p) = (a.shape()[0], a.shape()[1]);
        if n < p {
            let (u, s, vt) = Box::pin(self.svd(&a.t()?, true)).await?;
            return Ok((Some(vt.t()?), s, u.expect("U was asked for").t()?));
        }
        if n > self.max_serial(a.dtype()) {
            return self.tall_svd(a, want_u).await;
        }
        let (u, s, vt) = self.jacobi_svd(a).await?;
        Ok((Some(u), s, vt))
    }

    /// SVD of a matrix with more rows than one Jacobi dispatch walks, by products only (so
    /// every n-sized step is windowed over storage bindings). The eigenvectors W of A^T A make
    /// the columns of Y = A W orthogonal up to rounding; scaled to unit norm (Z = Y D^-1) they
    /// are well conditioned, so Z = Q R by one Cholesky of Z^T Z is accurate. Then
    /// A = Q (R D) W^T, and the Jacobi SVD of the small R D finishes it. Unlike QR first,
    /// rank-deficient input is fine: columns of Y at rounding level (below p eps max|y|) are
    /// its zero singular values.
    /// Readback: the column norms of Y (p values), the rank decision.
    async fn tall_svd(self: &Arc<Self>, a: &Array, want_u: bool) -> Result<(Option<Array>, Array, Array)> {
        let (n, p) = (a.shape()[0], a.shape()[1]);
        let (dev, dtype) = (a.device(), a.dtype());
        let eps = a.precision().eps;
        let (_, w) = self.eigh(&gemm(a, a, true, false)?).await?;
        let y = gemm(a, &w, false, false)?;
        let norms = ops::sqrt(&ops::sum(&ops::square(&y)?, Some(0), false)?)?;
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
            let z = ops::div(&y_kept, &d.reshape(&[1, -1])?)?;
            let r = match self.cholesky(&gemm(&z, &z, true, false)?, "svd").await {
                Ok(l) => l.t()?,
                // Two columns of Y at the edge of the rank decision can still be parallel: the
                // later one counts as a zero singular value.
                Err(Error::NotPositiveDefinite { pivot, .. }) => {
                    keep.remove(pivot);
                    continue;
                }
                Err(e) => return Err(e),
            };
            let (um, s, vmt) = self.jacobi_svd(&ops::mul(&r, &d.reshape(&[1, -1])?)?).await?;
            // U = Q Um = Z R^-1 Um: the n-sized work is one product.
            let u = if want_u {
                Some(gemm(&z, &self.solve_triangular(&r, &um, false, false)?, false, false)?)
            } else {
                None
            };
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

    /// One-sided Jacobi (Hestenes) SVD of a tall (n >= p) matrix, exact for rank-deficient
    /// input (U's columns for zero singular values are zero).
    /// Readback: one convergence test per sweep (columns orthogonal to working precision).
    async fn jacobi_svd(self: &Arc<Self>, a: &Array) -> Result<(Array, Array, Array)> {
        let (n, p) = (a.shape()[0], a.shape()[1]);
        let (dev, dtype) = (a.device(), a.dtype());
        // A private copy is rotated in place.
        let w = a.slice_rows(0, n)?;
        let v = Array::eye(dev, p, None, 0, dtype)?;
        let rot = Array::zeros(dev, &[p + p % 2 + 2], dtype)?;
        let off_diagonal = ops::logical_not(&Array::eye(dev, p, None, 0, DType::Bool)?)?;
        let on_diagonal = Array::eye(dev, p, None, 0, DType::Bool)?;
        let zero = Array::scalar(dev, 0.0, dtype)?;
        let eps = a.precision().eps;
        if p > 1 {
            for _ in 0..MAX_SWEEPS {
                self.jacobi_sweep(w.gpu(), n, v.gpu(), rot.gpu(), p, true, dtype)?;
                let g = gemm(&w, &w, true, false)?;
                let off = masked_square_sum(&off_diagonal, &g, &zero)?.to_vec::<f64>().await?[0];
                let diag = masked_square_sum(&on_diagonal, &g, &zero)?.to_vec::<f64>().await?[0];
                if off <= (p as f64 * eps).powi(2) * diag {
                    break;
                }
            }
        }
        let norms = ops::sqrt(&ops::sum(&ops::square(&w)?, Some(0), false)?)?;
        let order = ops::argsort(&ops::neg(&norms)?, -1)?;
        let s = ops::take(&norms, &order, 0).await?;
        let w = ops::take(&w, &order, 1).await?;
        let v = ops::take(&v, &order, 1).await?;
        let one = Array::scalar(dev, 1.0, dtype)?;
        let safe = ops::where_(&ops::greater(&s, &zero)?, &s, &one)?;
        let u = ops::div(&w, &safe.reshape(&[1, -1])?)?;
        Ok((u, s, v.t()?))
    }
}

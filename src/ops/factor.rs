//! Dense factorizations and solves: Cholesky, triangular solves and SPD solves. On the CPU
//! through faer; on a GPU blocked, so that every kernel works on a small diagonal block or
//! on matrix products, and the only readback is the positive-definiteness check.

use super::elementwise::{astype, sub};
use super::linalg::gemm;
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

//! Matrix products: matmul (NumPy's rules for 1-D and 2-D operands), gemm with transposed
//! operands (so X^T X never materializes X^T), matvec and outer.

use super::{astype, mul};
use crate::array::Array;
use crate::backend::cpu::linalg as cpu;
use crate::device::Device;
use crate::dtype::DType;
use crate::error::{Error, Result};

fn float_pair(a: &Array, b: &Array, op: &'static str) -> Result<(Array, Array, DType)> {
    a.check_device(b, op)?;
    let dtype = DType::promote(a.dtype(), b.dtype()).float_result();
    Ok((astype(a, dtype)?, astype(b, dtype)?, dtype))
}

fn matrix_dims(a: &Array, op: &'static str) -> Result<(usize, usize)> {
    match a.shape() {
        [r, c] => Ok((*r, *c)),
        s => Err(Error::ShapeMismatch { op, detail: format!("expected a 2-D matrix, got shape {s:?}") }),
    }
}

/// op(a) @ op(b) for matrices, op being the transpose where `trans_a` / `trans_b` is set.
pub fn gemm(a: &Array, b: &Array, trans_a: bool, trans_b: bool) -> Result<Array> {
    let (a, b, dtype) = float_pair(a, b, "gemm")?;
    let (ar, ac) = matrix_dims(&a, "gemm")?;
    let (br, bc) = matrix_dims(&b, "gemm")?;
    let (m, k) = if trans_a { (ac, ar) } else { (ar, ac) };
    let (kb, n) = if trans_b { (bc, br) } else { (br, bc) };
    if k != kb {
        return Err(Error::ShapeMismatch {
            op: "matmul",
            detail: format!(
                "inner dimensions differ: {:?}{} @ {:?}{} ({k} vs {kb})",
                a.shape(),
                if trans_a { "^T" } else { "" },
                b.shape(),
                if trans_b { "^T" } else { "" }
            ),
        });
    }
    crate::array::check_new(a.device(), &[m, n], dtype, "matmul")?;
    if k == 0 {
        return Array::zeros(a.device(), &[m, n], dtype);
    }
    if trans_a && !trans_b && a.is_same(&b) {
        // X^T X: one triangle, rows split over the cores (or the GPU's workgroups).
        return Ok(centered_products(&a, Centering::None, None, None)?.0);
    }
    match a.device() {
        Device::Cpu => Ok(Array::from_cpu(cpu::gemm(a.cpu(), (ar, ac), trans_a, b.cpu(), (br, bc), trans_b))),
        Device::Gpu(ctx) => {
            let buf = ctx.gemm(a.gpu(), (ar, ac), trans_a, b.gpu(), (br, bc), trans_b, dtype)?;
            Ok(Array::from_gpu(ctx, buf, vec![m, n], dtype))
        }
    }
}

/// What [`gram_distances`] makes of each squared euclidean distance d.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum GramOutput {
    /// d itself.
    Squared,
    /// √d.
    Distance,
    /// exp(−gamma · d), the RBF kernel.
    Rbf { gamma: f64 },
}

/// Squared euclidean distances from a float64 Gram matrix: max(−2 x·y + ‖x‖² + ‖y‖², 0),
/// summed in scikit-learn's order, for `gram` (m × n) and the squared row norms `xx` (m) and
/// `yy` (n), all float64. Where X's rows are Y's own from row `same` on, the distance of row
/// r to column same + r is an exact zero. Finished as `output` says, as `dtype`. On the host
/// this is one pass over the matrix; on a GPU, a few elementwise ops.
pub(crate) fn gram_distances(
    gram: Array,
    xx: &Array,
    yy: &Array,
    same: Option<usize>,
    output: GramOutput,
    dtype: DType,
) -> Result<Array> {
    let (m, n) = matrix_dims(&gram, "gram_distances")?;
    match gram.device() {
        Device::Cpu => {
            Ok(Array::from_cpu(cpu::gram_distances(gram.into_cpu(), xx.cpu(), yy.cpu(), (m, n), same, output, dtype)))
        }
        Device::Gpu(_) => {
            let d = super::add(
                &super::add(&super::mul_scalar(&gram, -2.0)?, &xx.reshape(&[-1, 1])?)?,
                &yy.reshape(&[1, -1])?,
            )?;
            let d = super::maximum(&d, &super::scalar_like(&d, 0.0)?)?;
            let d = match same {
                Some(first) => set_diagonal(&d, first, 0.0)?,
                None => d,
            };
            let d = match output {
                GramOutput::Squared => d,
                GramOutput::Distance => super::sqrt(&d)?,
                GramOutput::Rbf { gamma } => super::exp(&super::mul_scalar(&d, -gamma)?)?,
            };
            astype(&d, dtype)
        }
    }
}

/// For each row of `x` (m × k), the row of `y` (n × k) at the smallest squared euclidean
/// distance ‖x‖² − 2 x·y + ‖y‖² (int32, the first on ties), and that distance (float64,
/// clamped at zero), computed in float64 from `x` of either float dtype, the float64 `y` and
/// its squared row norms `yy` (n). Rows are ranked on the unclamped sums, as scikit-learn's
/// ArgKmin ranks them. On the host, each core takes blocks of X's rows, upcasts them, and
/// multiplies and searches them while they are in cache: no float64 copy of X and no m × n
/// matrix is stored. On a GPU: the cast, the product, elementwise ops and two reductions.
pub(crate) fn nearest_squared_euclidean(x: &Array, y: &Array, yy: &Array) -> Result<(Array, Array)> {
    const OP: &str = "nearest_squared_euclidean";
    let ((m, k), (n, _)) = (matrix_dims(x, OP)?, matrix_dims(y, OP)?);
    if n == 0 {
        return Err(Error::EmptyInput { op: OP, shape: y.shape().to_vec() });
    }
    match x.device() {
        Device::Cpu => {
            let (indices, values) = cpu::nearest_squared_euclidean(x.cpu(), y.cpu(), yy.cpu(), (m, n, k));
            Ok((Array::from_cpu(indices), Array::from_cpu(values)))
        }
        Device::Gpu(_) => {
            let x = astype(x, DType::F64)?;
            let xx = super::sum(&super::square(&x)?, Some(1), true)?;
            let middle = super::mul_scalar(&gemm(&x, y, false, true)?, -2.0)?;
            let d = super::add(&super::add(&xx, &middle)?, &yy.reshape(&[1, -1])?)?;
            let values = super::min(&d, Some(1), false)?;
            Ok((super::argmin(&d, Some(1))?, super::maximum(&values, &super::scalar_like(&values, 0.0)?)?))
        }
    }
}

/// The matrix `d` with `value` at (r, first + r) for every row r.
pub(crate) fn set_diagonal(d: &Array, first: usize, value: f64) -> Result<Array> {
    let (rows, cols) = matrix_dims(d, "set_diagonal")?;
    let index = |n: usize, from: usize, shape: [isize; 2]| {
        Array::arange(d.device(), from as f64, (from + n) as f64, 1.0, DType::I32)?.reshape(&shape)
    };
    let eye = super::equal(&index(rows, first, [-1, 1])?, &index(cols, 0, [1, -1])?)?;
    super::where_(&eye, &super::scalar_like(d, value)?, d)
}

/// Matrix product with NumPy's rules: 2-D @ 2-D, 2-D @ 1-D (matvec), 1-D @ 2-D, and
/// 1-D @ 1-D (the dot product, a 0-d array). Integers multiply in float64.
pub fn matmul(a: &Array, b: &Array) -> Result<Array> {
    match (a.ndim(), b.ndim()) {
        (2, 2) => gemm(a, b, false, false),
        (2, 1) => matvec(a, b),
        (1, 2) => {
            let row = a.reshape(&[1, -1])?;
            let out = gemm(&row, b, false, false)?;
            out.reshape(&[-1])
        }
        (1, 1) => {
            let row = a.reshape(&[1, -1])?;
            matvec(&row, b)?.reshape(&[])
        }
        _ => Err(Error::ShapeMismatch {
            op: "matmul",
            detail: format!("operands must be 1-D or 2-D, got {:?} and {:?}", a.shape(), b.shape()),
        }),
    }
}

/// A @ x for a matrix A and a vector x.
pub fn matvec(a: &Array, x: &Array) -> Result<Array> {
    let (a, x, dtype) = float_pair(a, x, "matvec")?;
    let (m, k) = matrix_dims(&a, "matvec")?;
    if x.shape() != [k] {
        return Err(Error::ShapeMismatch {
            op: "matvec",
            detail: format!("matrix {:?} needs a vector of length {k}, got shape {:?}", a.shape(), x.shape()),
        });
    }
    if k == 0 {
        return Array::zeros(a.device(), &[m], dtype);
    }
    match a.device() {
        Device::Cpu => gemm(&a, &x.reshape(&[-1, 1])?, false, false)?.reshape(&[-1]),
        Device::Gpu(ctx) => {
            let buf = ctx.matvec(a.gpu(), m, k, x.gpu(), dtype)?;
            Ok(Array::from_gpu(ctx, buf, vec![m], dtype))
        }
    }
}

/// Σ_k term(x[i, k], y[j, k]) for every row i of x (m, k) and j of y (n, k), as (m, n) in
/// their float dtype: the op table's [`super::PairTerm`] family.
pub(super) fn pair_sums(term: super::PairTerm, x: &Array, y: &Array, op: &'static str) -> Result<Array> {
    let (x, y, dtype) = float_pair(x, y, op)?;
    let (m, k) = matrix_dims(&x, op)?;
    let (n, ky) = matrix_dims(&y, op)?;
    if k != ky {
        return Err(Error::ShapeMismatch {
            op,
            detail: format!("x and y need as many features: {:?} and {:?}", x.shape(), y.shape()),
        });
    }
    crate::array::check_new(x.device(), &[m, n], dtype, op)?;
    if k == 0 {
        return Array::zeros(x.device(), &[m, n], dtype);
    }
    match x.device() {
        Device::Cpu => Ok(Array::from_cpu(cpu::pair_sums(term, x.cpu(), y.cpu(), (m, n, k)))),
        Device::Gpu(ctx) => {
            let buf = ctx.pair_sums(term, x.gpu(), y.gpu(), (m, n, k), dtype)?;
            Ok(Array::from_gpu(ctx, buf, vec![m, n], dtype))
        }
    }
}

/// The outer product a[:, None] * b[None, :] of two vectors (flattened first, as NumPy).
pub fn outer(a: &Array, b: &Array) -> Result<Array> {
    mul(&a.reshape(&[-1, 1])?, &b.reshape(&[1, -1])?)
}

/// How [`centered_gram`] centers the rows of X.
#[derive(Clone, Copy)]
pub(crate) enum Centering<'a> {
    /// Not at all.
    None,
    /// Every row by one mean (p).
    Mean(&'a Array),
    /// Row i by row `codes[i]` of `centers` (k x p): the mean of its class.
    Groups { centers: &'a Array, codes: &'a Array },
}

/// Z^T Z for Z = (X - C) * s, C as `centering` says and s the column `scale`; with
/// `y = Some((y, m))` also Z^T W for W = y - m (y n x t, m its optional center, t): the
/// scatter and cross products of centered, scaled data without a centered or scaled copy of X
/// on the host, as accurate as the products of such a copy (no X^T X - n mu mu^T
/// cancellation). On a GPU: the Gram kernel (gram.wgsl), which centers and scales the tiles
/// as it loads them.
pub(crate) fn centered_products(
    x: &Array,
    centering: Centering,
    scale: Option<&Array>,
    y: Option<(&Array, Option<&Array>)>,
) -> Result<(Array, Option<Array>)> {
    const OP: &str = "centered_products";
    let (n, p) = matrix_dims(x, OP)?;
    let dtype = x.dtype().float_result();
    let x = astype(x, dtype)?;
    let cast = |a: &Array| {
        x.check_device(a, OP)?;
        astype(a, dtype)
    };
    let (centers, codes) = match centering {
        Centering::None => (None, None),
        Centering::Mean(m) => (Some(cast(&m.reshape(&[1, -1])?)?), None),
        Centering::Groups { centers, codes } => {
            x.check_device(codes, OP)?;
            (Some(cast(centers)?), Some(astype(codes, DType::I32)?))
        }
    };
    let scale = scale.map(cast).transpose()?;
    let y = match y {
        Some((y, m)) => {
            let y = cast(&y.reshape(&[n as isize, -1])?)?;
            Some((y, m.map(cast).transpose()?))
        }
        None => None,
    };
    match x.device() {
        Device::Cpu => {
            let (gram, cross) = cpu::centered_products(
                x.cpu(),
                (n, p),
                centers.as_ref().map(Array::cpu),
                codes.as_ref().map(Array::cpu),
                scale.as_ref().map(Array::cpu),
                y.as_ref().map(|(y, m)| (y.cpu(), y.shape()[1], m.as_ref().map(Array::cpu))),
            );
            Ok((Array::from_cpu(gram), cross.map(Array::from_cpu)))
        }
        Device::Gpu(ctx) => {
            use crate::backend::gpu::gram::{Adjust, GramOperand};
            // The centers, factors and y's center in one small buffer, at these offsets.
            let mut parts = vec![];
            let mut at = 0;
            let mut place = |a: &Array| {
                let offset = at;
                at += a.len();
                parts.push(a.reshape(&[-1])?);
                Ok::<_, Error>(offset)
            };
            let adjust_x = Adjust {
                center: match (&centers, &codes) {
                    (None, _) => 0,
                    (Some(_), None) => 1,
                    (Some(_), Some(_)) => 2,
                },
                center_at: centers.as_ref().map(&mut place).transpose()?.unwrap_or(0),
                scale_at: scale.as_ref().map(&mut place).transpose()?,
            };
            let y_center = y.as_ref().and_then(|(_, m)| m.as_ref()).map(&mut place).transpose()?;
            if parts.is_empty() {
                parts.push(Array::zeros(x.device(), &[1], dtype)?);
            }
            let aux = super::concat(&parts.iter().collect::<Vec<_>>(), 0)?;
            let x_op = GramOperand { buf: x.gpu(), cols: p, adjust: adjust_x };
            let codes = codes.as_ref().map(Array::gpu);
            let gram = ctx.gram(n, &x_op, None, codes, (aux.gpu(), aux.len()), dtype)?;
            let gram = untile(ctx, gram, (p, p), true, dtype)?;
            let cross = match &y {
                Some((y, _)) => {
                    let t = y.shape()[1];
                    let adjust = Adjust {
                        center: u32::from(y_center.is_some()),
                        center_at: y_center.unwrap_or(0),
                        scale_at: None,
                    };
                    let y_op = GramOperand { buf: y.gpu(), cols: t, adjust };
                    let tiles = ctx.gram(n, &x_op, Some(&y_op), codes, (aux.gpu(), aux.len()), dtype)?;
                    Some(untile(ctx, tiles, (p, t), false, dtype)?)
                }
                None => None,
            };
            Ok((gram, cross))
        }
    }
}

/// The pa x pb matrix from [`crate::backend::gpu::gram`]'s partial tiles: the chunks summed,
/// the tiles laid out, and for a lower-triangle product the upper triangle mirrored.
fn untile(
    ctx: &std::sync::Arc<crate::backend::gpu::GpuContext>,
    tiles: crate::backend::gpu::gram::GramPartials,
    (pa, pb): (usize, usize),
    lower: bool,
    dtype: DType,
) -> Result<Array> {
    use crate::backend::gpu::gram::TILE;
    let (ta, tb) = (pa.div_ceil(TILE), pb.div_ceil(TILE));
    let per_chunk = tiles.jobs_per_chunk;
    let partials = Array::from_gpu(ctx, tiles.buf, vec![tiles.chunks, per_chunk * TILE * TILE], dtype);
    let sums = super::sum(&partials, Some(0), false)?.reshape(&[per_chunk as isize, (TILE * TILE) as isize])?;
    let grid = if lower {
        // Every tile (i, j) from the job of (max, min): the upper ones are mirrored below.
        let job = |i: usize, j: usize| i.max(j) * (i.max(j) + 1) / 2 + i.min(j);
        let order: Vec<usize> = (0..ta).flat_map(|i| (0..ta).map(move |j| job(i, j))).collect();
        super::take_indices(&sums, &order, 0)?
    } else {
        sums
    };
    let full = grid
        .reshape(&[ta as isize, tb as isize, TILE as isize, TILE as isize])?
        .permute_dims(&[0, 2, 1, 3])?
        .reshape(&[(ta * TILE) as isize, (tb * TILE) as isize])?;
    let c = full.slice_rows(0, pa)?.slice_cols(0, pb)?;
    if !lower {
        return Ok(c);
    }
    let rows = Array::arange(c.device(), 0.0, pa as f64, 1.0, DType::I32)?.reshape(&[-1, 1])?;
    let cols = Array::arange(c.device(), 0.0, pb as f64, 1.0, DType::I32)?.reshape(&[1, -1])?;
    super::where_(&super::greater_equal(&rows, &cols)?, &c, &c.t()?)
}

//! Dense products and factorizations on the host, through faer (multithreaded, blocked;
//! faster than ndarray's matrixmultiply on every shape we measured). The entry points take
//! row-major matrices as `CpuData` of a float dtype, which `ops` has promoted them to.

use super::scalar::Num;
use crate::array::{typed, CpuData, Element};
use crate::dtype::DType;
use crate::ops::{BinaryVisitor, GramOutput, PairTerm};
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

/// `len` zeros, their pages touched on every core (on huge pages where large): the products
/// write into them, and would otherwise fault their pages in one by one.
fn zeros<T: Num>(len: usize) -> Vec<T> {
    // SAFETY: every item of each chunk is written.
    unsafe {
        super::alloc::build(len, 1, |_, out| {
            for o in out {
                o.write(T::zero());
            }
        })
    }
}

/// Copies the lower triangle of the n x n row-major `a` onto its upper triangle: in square
/// tiles, so that the column-wise reads stay in cache, and each tile row of the upper
/// triangle on its own thread.
fn mirror_lower<T: Copy + Send + Sync>(a: &mut [T], n: usize) {
    const TILE: usize = 64;
    assert_eq!(a.len(), n * n, "a square matrix");
    let tiles = n.div_ceil(TILE);
    /// The matrix's address, shared by the tasks: each writes its own part of the upper
    /// triangle and reads only the lower one, which none writes.
    #[derive(Clone, Copy)]
    struct Shared<T>(*mut T);
    // SAFETY: see above; the tasks' writes are disjoint and never read by another task.
    unsafe impl<T> Send for Shared<T> {}
    unsafe impl<T> Sync for Shared<T> {}
    let shared = Shared(a.as_mut_ptr());
    let tile_row = move |tj: usize| {
        let p = shared;
        let rows = tj * TILE..((tj + 1) * TILE).min(n);
        for ti in tj..tiles {
            let cols = ti * TILE..((ti + 1) * TILE).min(n);
            for j in rows.clone() {
                for i in cols.clone().filter(|&i| i > j) {
                    // SAFETY: i, j < n, so both lie inside the n * n slice; (j, i) is above the
                    // diagonal and in this task's tile row, (i, j) below it.
                    unsafe { *p.0.add(j * n + i) = *p.0.add(i * n + j) };
                }
            }
        }
    };
    #[cfg(not(target_arch = "wasm32"))]
    {
        use rayon::prelude::*;
        (0..tiles).into_par_iter().for_each(tile_row);
    }
    #[cfg(target_arch = "wasm32")]
    (0..tiles).for_each(tile_row);
}

/// The longest run of the inner dimension one faer product sums; longer products add such
/// blocks' products into C one after another. faer's matrix-vector kernels (and all of them
/// compiled to wasm) sum all of k serially: a float32 X^T v over 655 361 rows was 1e-4 off.
/// In blocks, the error grows with 4096 + k / 4096 terms rather than with k.
const K_BLOCK: usize = 4096;

/// The faer routines on row-major slices, for f32 and f64.
trait Dense: Element {
    /// op(A) op(B) for A (ar x ac) and B (br x bc).
    #[allow(clippy::too_many_arguments)]
    fn gemm(a: &[Self], ar: usize, ac: usize, ta: bool, b: &[Self], br: usize, bc: usize, tb: bool) -> Vec<Self>;
    /// Adds Z^T Z for the r x p row-major `z` into the lower triangle of the p x p `out`
    /// (replacing it unless `accumulate`): BLAS syrk.
    fn syrk(out: &mut [Self], z: &[Self], r: usize, p: usize, accumulate: bool, par: Par);
    /// Adds A^T B for the r x p `a` and r x t `b` (all row-major) into the p x t `out`
    /// (replacing it unless `accumulate`).
    fn cross(out: &mut [Self], a: &[Self], b: &[Self], dims: (usize, usize, usize), accumulate: bool, par: Par);
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
                let (m, n, k) = (a.nrows(), b.ncols(), a.ncols());
                // A^T A or A A^T: the lower triangle only (half the work, as BLAS syrk), mirrored.
                let symmetric = m == n
                    && a.as_ptr() == b.as_ptr()
                    && (a.row_stride(), a.col_stride()) == (b.col_stride(), b.row_stride());
                let product = |out: &mut [Self], k0: usize, kb: usize| {
                    let dst = MatMut::from_row_major_slice_mut(out, m, n);
                    let (a, b) = (a.subcols(k0, kb), b.subrows(k0, kb));
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
                    } else {
                        matmul(dst, Accum::Replace, a, b, 1.0, parallelism());
                    }
                };
                let mut out = zeros(m * n);
                product(&mut out, 0, K_BLOCK.min(k));
                // Each further block is its own product, added in: faer's matrix-vector kernels
                // would carry one running sum through an accumulating product.
                let mut part = if k > K_BLOCK { zeros(m * n) } else { Vec::new() };
                for k0 in (K_BLOCK..k).step_by(K_BLOCK) {
                    product(&mut part, k0, K_BLOCK.min(k - k0));
                    out.iter_mut().zip(&part).for_each(|(o, p)| *o += *p);
                }
                if symmetric {
                    mirror_lower(&mut out, m);
                }
                out
            }

            fn syrk(out: &mut [Self], z: &[Self], r: usize, p: usize, accumulate: bool, par: Par) {
                let z = MatRef::from_row_major_slice(z, r, p);
                triangular::matmul(
                    MatMut::from_row_major_slice_mut(out, p, p),
                    BlockStructure::TriangularLower,
                    if accumulate { Accum::Add } else { Accum::Replace },
                    z.transpose(),
                    BlockStructure::Rectangular,
                    z,
                    BlockStructure::Rectangular,
                    1.0,
                    par,
                );
            }

            fn cross(
                out: &mut [Self],
                a: &[Self],
                b: &[Self],
                (r, p, t): (usize, usize, usize),
                accumulate: bool,
                par: Par,
            ) {
                matmul(
                    MatMut::from_row_major_slice_mut(out, p, t),
                    if accumulate { Accum::Add } else { Accum::Replace },
                    MatRef::from_row_major_slice(a, r, p).transpose(),
                    MatRef::from_row_major_slice(b, r, t),
                    1.0,
                    par,
                );
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

/// Z^T Z, and Z^T W where `y` is given, over the rows z_i = (x_i - c_i) * s of the n x p `x`
/// and w_i = y_i - m of the n x t `y`: c_i is row `codes[i]` of `centers` (row 0 without
/// codes; no centering without centers), s the column `scale` (none: 1), m the optional
/// `y_center` (t). Each core takes a contiguous range of rows and walks it in blocks of
/// [`GRAM_BLOCK`] rows, centered and scaled into a buffer that stays in its own cache, summing
/// their one-triangle products on that core: the exact centered products (as of a centered
/// copy, without the cancellation of X^T X - n mu mu^T), for the flops of X^T X and one pass
/// over X (faster than faer's parallel product of the whole, which synchronizes the cores on
/// every panel).
pub(crate) fn centered_products(
    x: &CpuData,
    (n, p): (usize, usize),
    centers: Option<&CpuData>,
    codes: Option<&CpuData>,
    scale: Option<&CpuData>,
    y: Option<(&CpuData, usize, Option<&CpuData>)>,
) -> (CpuData, Option<CpuData>) {
    /// Rows per block: 256 rows of 300 float64 features (600 KiB) stay in a core's L2.
    const GRAM_BLOCK: usize = 256;
    /// Blocks summed into a partial before it is added to the range's total, so that
    /// rounding grows with GROUP + n / (GROUP * GRAM_BLOCK) additions, not n / GRAM_BLOCK.
    const GROUP: usize = 16;
    /// Row i of `block` from row r0 + i of `src` (`width` columns), less `center(r0 + i)`,
    /// times `scale`.
    fn fill<'c, T: Num>(
        block: &mut [T],
        src: &[T],
        (r0, width): (usize, usize),
        center: impl Fn(usize) -> Option<&'c [T]>,
        scale: Option<&[T]>,
    ) {
        for (i, row) in block.chunks_mut(width).enumerate() {
            let from = &src[(r0 + i) * width..][..width];
            match (center(r0 + i), scale) {
                (None, None) => row.copy_from_slice(from),
                (Some(c), None) => row.iter_mut().zip(from).zip(c).for_each(|((o, &v), &c)| *o = v.sub(c)),
                (None, Some(s)) => row.iter_mut().zip(from).zip(s).for_each(|((o, &v), &s)| *o = v.mul(s)),
                (Some(c), Some(s)) => {
                    row.iter_mut().zip(from).zip(c).zip(s).for_each(|(((o, &v), &c), &s)| *o = v.sub(c).mul(s))
                }
            }
        }
    }
    type Y<'a, T> = Option<(&'a [T], usize, Option<&'a [T]>)>;
    /// The products over rows [a, b), on the calling thread.
    #[allow(clippy::too_many_arguments)]
    fn range<T: Dense + Num>(
        x: &[T],
        p: usize,
        (a, b): (usize, usize),
        centers: Option<&[T]>,
        codes: Option<&[i32]>,
        scale: Option<&[T]>,
        y: Y<T>,
    ) -> (Vec<T>, Vec<T>) {
        let t = y.map_or(0, |(_, t, _)| t);
        let (mut gram, mut cross) = (vec![T::zero(); p * p], vec![T::zero(); p * t]);
        let (mut part_g, mut part_c) = (vec![T::zero(); p * p], vec![T::zero(); p * t]);
        let (mut zx, mut zy) = (vec![T::zero(); GRAM_BLOCK * p], vec![T::zero(); GRAM_BLOCK * t]);
        let center = |i: usize| centers.map(|c| &c[codes.map_or(0, |k| k[i] as usize) * p..][..p]);
        for (g, g0) in (a..b).step_by(GRAM_BLOCK * GROUP).enumerate() {
            let g1 = (g0 + GRAM_BLOCK * GROUP).min(b);
            for r0 in (g0..g1).step_by(GRAM_BLOCK) {
                let r = GRAM_BLOCK.min(g1 - r0);
                fill(&mut zx[..r * p], x, (r0, p), center, scale);
                T::syrk(&mut part_g, &zx[..r * p], r, p, r0 > g0, Par::Seq);
                if let Some((y, _, y_center)) = y {
                    fill(&mut zy[..r * t], y, (r0, t), |_| y_center, None);
                    T::cross(&mut part_c, &zx[..r * p], &zy[..r * t], (r, p, t), r0 > g0, Par::Seq);
                }
            }
            let add = |total: &mut Vec<T>, part: &[T]| {
                if g == 0 {
                    total.copy_from_slice(part)
                } else {
                    total.iter_mut().zip(part).for_each(|(o, &v)| *o = o.add(v))
                }
            };
            add(&mut gram, &part_g);
            add(&mut cross, &part_c);
        }
        (gram, cross)
    }
    fn run<T: Dense + Num>(
        x: &[T],
        (n, p): (usize, usize),
        centers: Option<&[T]>,
        codes: Option<&[i32]>,
        scale: Option<&[T]>,
        y: Y<T>,
    ) -> (Vec<T>, Option<Vec<T>>) {
        let t = y.map_or(0, |(_, t, _)| t);
        #[cfg(not(target_arch = "wasm32"))]
        let parts: Vec<(Vec<T>, Vec<T>)> = {
            use rayon::prelude::*;
            // One contiguous range per core, none shorter than a group.
            let ranges = rayon::current_num_threads().min(n.div_ceil(GRAM_BLOCK * GROUP)).max(1);
            (0..ranges)
                .into_par_iter()
                .map(|i| range(x, p, (i * n / ranges, (i + 1) * n / ranges), centers, codes, scale, y))
                .collect()
        };
        #[cfg(target_arch = "wasm32")]
        let parts = vec![range(x, p, (0, n), centers, codes, scale, y)];
        let mut parts = parts.into_iter();
        let (mut gram, mut cross) = parts.next().unwrap_or_else(|| (vec![T::zero(); p * p], vec![T::zero(); p * t]));
        for (g, c) in parts {
            gram.iter_mut().zip(&g).for_each(|(o, &v)| *o = o.add(v));
            cross.iter_mut().zip(&c).for_each(|(o, &v)| *o = o.add(v));
        }
        mirror_lower(&mut gram, p);
        (gram, y.map(|_| cross))
    }
    let codes = codes.map(contiguous::<i32>);
    float!(x.dtype(), T => {
        let (centers, scale) = (centers.map(contiguous::<T>), scale.map(contiguous::<T>));
        let (y_data, y_center) = (y.map(|(y, _, _)| contiguous::<T>(y)), y.and_then(|(_, _, c)| c.map(contiguous::<T>)));
        let y = y.map(|(_, t, _)| (y_data.as_deref().expect("given"), t, y_center.as_deref()));
        let (gram, cross) = run::<T>(&contiguous::<T>(x), (n, p), centers.as_deref(), codes.as_deref(), scale.as_deref(), y);
        let t = y.map_or(0, |(_, t, _)| t);
        (matrix(gram, p, p), cross.map(|c| matrix(c, p, t)))
    })
}

/// The finished squared euclidean distances from a float64 Gram matrix (m x n) and the squared
/// row norms, as `ops::gram_distances`: one pass, rows on every core. A float64 result is
/// written over the Gram matrix where nothing else holds it, saving a fresh m x n allocation
/// (and its page faults), which is most of the pass's time.
pub(crate) fn gram_distances(
    gram: CpuData,
    xx: &CpuData,
    yy: &CpuData,
    (m, n): (usize, usize),
    same: Option<usize>,
    output: GramOutput,
    dtype: DType,
) -> CpuData {
    let (xx, yy) = (contiguous::<f64>(xx), contiguous::<f64>(yy));
    if let (DType::F64, CpuData::F64(g)) = (dtype, &gram) {
        if g.is_standard_layout() {
            let CpuData::F64(g) = gram else { unreachable!("matched above") };
            let mut g = g.into_owned();
            let flat = g.as_slice_mut().expect("standard layout");
            match output {
                GramOutput::Squared => finish_in_place(flat, &xx, &yy, n, same, |d| d),
                GramOutput::Distance => finish_in_place(flat, &xx, &yy, n, same, f64::sqrt),
                GramOutput::Rbf { gamma } => {
                    finish_in_place(flat, &xx, &yy, n, same, move |d| super::vmath::exp_f64(-gamma * d))
                }
            }
            return CpuData::from(g);
        }
    }
    let g = contiguous::<f64>(&gram);
    let rows = GramRows { g: &g, xx: &xx, yy: &yy, n, same };
    float!(dtype, T => matrix(
        match output {
            GramOutput::Squared => rows.fill::<T>(|d| d),
            GramOutput::Distance => rows.fill::<T>(f64::sqrt),
            GramOutput::Rbf { gamma } => rows.fill::<T>(move |d| super::vmath::exp_f64(-gamma * d)),
        },
        m,
        n
    ))
}

/// [`crate::ops::nearest_squared_euclidean`] on the host, as scikit-learn's ArgKmin: each
/// thread upcasts a block of X's rows and their norms, multiplies it by Yᵀ (scaled by −2, one
/// thread each) into a buffer that stays in cache, adds the norms and searches each row as
/// `argmin` does (the first minimum, or the first NaN).
pub(crate) fn nearest_squared_euclidean(
    x: &CpuData,
    y: &CpuData,
    yy: &CpuData,
    (m, n, k): (usize, usize, usize),
) -> (CpuData, CpuData) {
    /// The most bytes of products one block holds.
    const BLOCK_BYTES: usize = 2 << 20;
    let (y, yy) = (contiguous::<f64>(y), contiguous::<f64>(yy));
    let yt = MatRef::from_row_major_slice(&y, n, k).transpose();
    let block_rows = (BLOCK_BYTES / (8 * n)).clamp(1, 256);
    let search = |x: &dyn Fn(usize, &mut [f64]), first: usize, out: &mut [(i32, f64)]| {
        let rows = out.len();
        let mut block = vec![0.0f64; rows * k];
        x(first, &mut block);
        let mut sums = vec![0.0f64; rows * n];
        let a = MatRef::from_row_major_slice(&block, rows, k);
        matmul(MatMut::from_row_major_slice_mut(&mut sums, rows, n), Accum::Replace, a, yt, -2.0, Par::Seq);
        for ((o, row), xs) in out.iter_mut().zip(sums.chunks_mut(n)).zip(block.chunks(k.max(1))) {
            let x: f64 = xs.iter().map(|v| v * v).sum();
            for (s, &y) in row.iter_mut().zip(yy.iter()) {
                *s = x + *s + y;
            }
            let j = super::reduce::arg_slice(row, false) as usize;
            *o = (j as i32, row[j].max(0.0));
        }
    };
    let mut nearest = vec![(0i32, 0.0f64); m];
    float!(x.dtype(), T => {
        let x = contiguous::<T>(x);
        let upcast = |first: usize, block: &mut [f64]| {
            for (b, v) in block.iter_mut().zip(&x[first * k..]) {
                *b = v.to_f64();
            }
        };
        #[cfg(not(target_arch = "wasm32"))]
        {
            use rayon::prelude::*;
            nearest.par_chunks_mut(block_rows).enumerate().for_each(|(b, out)| search(&upcast, b * block_rows, out));
        }
        #[cfg(target_arch = "wasm32")]
        nearest.chunks_mut(block_rows).enumerate().for_each(|(b, out)| search(&upcast, b * block_rows, out));
    });
    let (indices, values): (Vec<i32>, Vec<f64>) = nearest.into_iter().unzip();
    (vector(indices), vector(values))
}

/// The inputs of [`gram_distances`].
struct GramRows<'a> {
    g: &'a [f64],
    xx: &'a [f64],
    yy: &'a [f64],
    n: usize,
    same: Option<usize>,
}

impl GramRows<'_> {
    /// The matrix, each squared distance finished by `finish` (a type of its own, so that each
    /// output's loop is compiled, and vectorized, on its own).
    fn fill<T: Element>(&self, finish: impl Fn(f64) -> f64 + Copy + Sync) -> Vec<T> {
        let GramRows { g, xx, yy, n, same } = *self;
        #[cfg(target_arch = "x86_64")]
        let wide = is_x86_feature_detected!("avx2") && is_x86_feature_detected!("fma");
        // SAFETY: chunks hold whole rows (align = n), and every item of each row is written.
        unsafe {
            super::alloc::build(xx.len() * n, n, |start, out| {
                for (k, row) in out.chunks_mut(n).enumerate() {
                    let r = start / n + k;
                    let dots = &g[r * n..(r + 1) * n];
                    #[cfg(target_arch = "x86_64")]
                    if wide {
                        // SAFETY: the CPU has AVX2 and FMA, checked above.
                        gram_row_avx2(row, dots, xx[r], yy, finish);
                    } else {
                        gram_row(row, dots, xx[r], yy, finish);
                    }
                    #[cfg(not(target_arch = "x86_64"))]
                    gram_row(row, dots, xx[r], yy, finish);
                    if let Some(c) = same.map(|first| first + r).filter(|&c| c < n) {
                        row[c].write(T::from_f64(finish(0.0)));
                    }
                }
            })
        }
    }
}

/// [`GramRows::fill`] over the Gram matrix itself (float64 results): each row of `g` (n wide)
/// becomes finish(max(−2 g + x + yy, 0)), rows on every core.
fn finish_in_place(
    g: &mut [f64],
    xx: &[f64],
    yy: &[f64],
    n: usize,
    same: Option<usize>,
    finish: impl Fn(f64) -> f64 + Copy + Sync,
) {
    #[cfg(target_arch = "x86_64")]
    let wide = is_x86_feature_detected!("avx2") && is_x86_feature_detected!("fma");
    let row = |(r, row): (usize, &mut [f64])| {
        #[cfg(target_arch = "x86_64")]
        if wide {
            // SAFETY: the CPU has AVX2 and FMA, checked above.
            unsafe { gram_row_in_place_avx2(row, xx[r], yy, finish) };
        } else {
            gram_row_in_place(row, xx[r], yy, finish);
        }
        #[cfg(not(target_arch = "x86_64"))]
        gram_row_in_place(row, xx[r], yy, finish);
        if let Some(c) = same.map(|first| first + r).filter(|&c| c < n) {
            row[c] = finish(0.0);
        }
    };
    #[cfg(not(target_arch = "wasm32"))]
    {
        use rayon::prelude::*;
        g.par_chunks_mut(n.max(1)).enumerate().for_each(row);
    }
    #[cfg(target_arch = "wasm32")]
    g.chunks_mut(n.max(1)).enumerate().for_each(row);
}

/// One row of [`finish_in_place`], eight at a time as [`gram_row`].
#[inline(always)]
fn gram_row_in_place(row: &mut [f64], x: f64, yy: &[f64], finish: impl Fn(f64) -> f64) {
    let one = |dot: f64, y: f64| finish((dot * -2.0 + x + y).max(0.0));
    let (mut r8, mut y8) = (row.chunks_exact_mut(8), yy.chunks_exact(8));
    for (r, y) in (&mut r8).zip(&mut y8) {
        let mut v = [0.0; 8];
        for j in 0..8 {
            v[j] = one(r[j], y[j]);
        }
        r.copy_from_slice(&v);
    }
    for (r, &y) in r8.into_remainder().iter_mut().zip(y8.remainder()) {
        *r = one(*r, y);
    }
}

/// [`gram_row_in_place`] compiled for AVX2 with FMA, as [`gram_row_avx2`].
///
/// # Safety
/// The CPU must support AVX2 and FMA.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
unsafe fn gram_row_in_place_avx2(row: &mut [f64], x: f64, yy: &[f64], finish: impl Fn(f64) -> f64) {
    gram_row_in_place(row, x, yy, finish)
}

/// One row of [`GramRows::fill`]: row[j] = finish(max(-2 dots[j] + x + yy[j], 0)), summed as
/// scikit-learn sums it.
#[inline(always)]
fn gram_row<T: Element>(
    row: &mut [std::mem::MaybeUninit<T>],
    dots: &[f64],
    x: f64,
    yy: &[f64],
    finish: impl Fn(f64) -> f64,
) {
    let one = |dot: f64, y: f64| finish((dot * -2.0 + x + y).max(0.0));
    // Eight at a time: independent chains that the vectorized loop interleaves, where a long
    // polynomial (exp) would otherwise wait on its own latency.
    let (mut o8, mut d8, mut y8) = (row.chunks_exact_mut(8), dots.chunks_exact(8), yy.chunks_exact(8));
    for ((o, d), y) in (&mut o8).zip(&mut d8).zip(&mut y8) {
        let mut v = [0.0; 8];
        for j in 0..8 {
            v[j] = one(d[j], y[j]);
        }
        for j in 0..8 {
            o[j].write(T::from_f64(v[j]));
        }
    }
    for ((o, &d), &y) in o8.into_remainder().iter_mut().zip(d8.remainder()).zip(y8.remainder()) {
        o.write(T::from_f64(one(d, y)));
    }
}

/// [`gram_row`] compiled for AVX2 with FMA: four doubles a vector instead of SSE2's two, which
/// halves the time of the exp polynomial (the crate targets baseline x86-64).
///
/// # Safety
/// The CPU must support AVX2 and FMA.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
unsafe fn gram_row_avx2<T: Element>(
    row: &mut [std::mem::MaybeUninit<T>],
    dots: &[f64],
    x: f64,
    yy: &[f64],
    finish: impl Fn(f64) -> f64,
) {
    gram_row(row, dots, x, yy, finish)
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

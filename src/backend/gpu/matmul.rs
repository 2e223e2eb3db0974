//! Launching matrix products, split into blocks whose operands each fit one storage binding.

use super::context::GpuContext;
use super::params::*;
use super::pool::GpuBuffer;
use super::shaders;
use crate::dtype::DType;
use crate::error::{Error, Result};
use crate::ops::PairTerm;

const TILE: usize = 64;
/// Products with at most this many output columns go to the skinny kernel (matvec.wgsl).
const SKINNY: usize = 16;

/// A stored matrix operand: `rows x cols` as laid out in its buffer, used transposed or not.
pub(crate) struct MatOperand<'a> {
    pub buf: &'a GpuBuffer,
    pub rows: usize,
    pub cols: usize,
    pub trans: bool,
}

impl GpuContext {
    fn too_large(&self, elems: usize, dtype: DType) -> Error {
        Error::BufferTooLarge {
            op: "matmul",
            requested: elems as u64 * self.elem_size(dtype),
            limit: self.limits.max_storage_buffer_binding_size,
            limit_name: "max_storage_buffer_binding_size (one row of a matmul operand)",
        }
    }

    /// C = op(A) op(B) as a new row-major m x n buffer (k > 0; the caller handles k = 0).
    pub(crate) fn matmul(&self, a: &MatOperand<'_>, b: &MatOperand<'_>, dtype: DType) -> Result<GpuBuffer> {
        self.tiled(a, b, PairTerm::Product, dtype)
    }

    /// C[i, j] = Σ_k term(X[i, k], Y[j, k]) for the row-major X (m x k) and Y (n x k), as a
    /// new buffer (k > 0).
    pub(crate) fn pair_sums(
        &self,
        term: PairTerm,
        x: &GpuBuffer,
        y: &GpuBuffer,
        (m, n, k): (usize, usize, usize),
        dtype: DType,
    ) -> Result<GpuBuffer> {
        self.tiled(
            &MatOperand { buf: x, rows: m, cols: k, trans: false },
            &MatOperand { buf: y, rows: n, cols: k, trans: true },
            term,
            dtype,
        )
    }

    /// The tiled kernel: Σ_k term(op(A)[i, k], op(B)[k, j]), the product for a matmul.
    fn tiled(&self, a: &MatOperand<'_>, b: &MatOperand<'_>, term: PairTerm, dtype: DType) -> Result<GpuBuffer> {
        let (m, k) = if a.trans { (a.cols, a.rows) } else { (a.rows, a.cols) };
        let n = if b.trans { b.rows } else { b.cols };
        let c = self.alloc((m * n) as u64 * self.elem_size(dtype))?;
        if m * n == 0 {
            return Ok(c);
        }
        let limit = self.window_elems(dtype);
        let (mc, nc, kc) = block_sizes((m, n, k), a.trans, b.trans, limit, self.max_serial(dtype))
            .ok_or_else(|| self.too_large(limit + 1, dtype))?;
        let constants = [("OP", term as u32)];
        let pipeline = self.pipelines.get(&self.device, &shaders::MATMUL, self.storage_dtype(dtype), None, &constants);
        let (lda, ldb, ldc) = (a.cols, b.cols, n);
        for m0 in (0..m).step_by(mc) {
            let mb = mc.min(m - m0);
            for n0 in (0..n).step_by(nc) {
                let nb = nc.min(n - n0);
                for k0 in (0..k).step_by(kc) {
                    let kb = kc.min(k - k0);
                    // Element ranges each operand's block touches, as stored.
                    let (a_first, a_end) = if a.trans {
                        (k0 * lda + m0, (k0 + kb - 1) * lda + m0 + mb)
                    } else {
                        (m0 * lda + k0, (m0 + mb - 1) * lda + k0 + kb)
                    };
                    let (b_first, b_end) = if b.trans {
                        (n0 * ldb + k0, (n0 + nb - 1) * ldb + k0 + kb)
                    } else {
                        (k0 * ldb + n0, (k0 + kb - 1) * ldb + n0 + nb)
                    };
                    let (c_first, c_end) = (m0 * ldc + n0, (m0 + mb - 1) * ldc + n0 + nb);
                    let (a_bind, a_base) = self.window_bind(a.buf, dtype, a_first, a_end);
                    let (b_bind, b_base) = self.window_bind(b.buf, dtype, b_first, b_end);
                    let (c_bind, c_base) = self.window_bind(&c, dtype, c_first, c_end);
                    let tiles_n = nb.div_ceil(TILE);
                    let params = MatmulParams {
                        m: mb as u32,
                        n: nb as u32,
                        k: kb as u32,
                        trans_a: u32::from(a.trans),
                        trans_b: u32::from(b.trans),
                        lda: lda as u32,
                        ldb: ldb as u32,
                        ldc: ldc as u32,
                        a_start: a_first as u32 - a_base,
                        b_start: b_first as u32 - b_base,
                        c_start: c_first as u32 - c_base,
                        accumulate: u32::from(k0 > 0),
                        tiles_n: tiles_n as u32,
                    };
                    let groups = (mb.div_ceil(TILE) * tiles_n) as u32;
                    self.dispatch(&pipeline, &params, &[a_bind, b_bind, c_bind], groups)?;
                }
            }
        }
        Ok(c)
    }

    /// op(A) op(B) for the stored A (ar x ac) and B (br x bc), as a new row-major buffer
    /// (inner dimension > 0).
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn gemm(
        &self,
        a: &GpuBuffer,
        (ar, ac): (usize, usize),
        trans_a: bool,
        b: &GpuBuffer,
        (br, bc): (usize, usize),
        trans_b: bool,
        dtype: DType,
    ) -> Result<GpuBuffer> {
        let cols = if trans_b { br } else { bc };
        if !trans_a && cols <= SKINNY {
            // Few output columns (X w, X components^T, X coef^T): the skinny kernel reads X
            // once, without the 64-wide tile's multiply-adds on padding.
            return self.skinny(a, ar, ac, b, cols, trans_b, dtype);
        }
        self.matmul(
            &MatOperand { buf: a, rows: ar, cols: ac, trans: trans_a },
            &MatOperand { buf: b, rows: br, cols: bc, trans: trans_b },
            dtype,
        )
    }

    /// y = A x for a row-major m x k matrix A and a vector x of length k.
    pub(crate) fn matvec(&self, a: &GpuBuffer, m: usize, k: usize, x: &GpuBuffer, dtype: DType) -> Result<GpuBuffer> {
        self.skinny(a, m, k, x, 1, false, dtype)
    }

    /// Y = A W for a row-major m x k matrix A and `cols` <= [`SKINNY`] columns of W, stored
    /// as k x cols, or as cols x k when `w_trans`.
    #[allow(clippy::too_many_arguments)]
    fn skinny(
        &self,
        a: &GpuBuffer,
        m: usize,
        k: usize,
        w: &GpuBuffer,
        cols: usize,
        w_trans: bool,
        dtype: DType,
    ) -> Result<GpuBuffer> {
        let y = self.alloc((m * cols) as u64 * self.elem_size(dtype))?;
        if m == 0 || cols == 0 {
            return Ok(y);
        }
        let limit = self.window_elems(dtype);
        // Each lane walks k / 32 steps of `cols` multiply-adds: llvmpipe's loop budget.
        if k * cols > limit || (k / 32 + 1) * cols > self.max_serial(dtype) {
            let (wr, wc) = if w_trans { (cols, k) } else { (k, cols) };
            return self.matmul(
                &MatOperand { buf: a, rows: m, cols: k, trans: false },
                &MatOperand { buf: w, rows: wr, cols: wc, trans: w_trans },
                dtype,
            );
        }
        // Rows per dispatch: A's rows (k each) and Y's (cols each) within one binding.
        let rows_per = (limit / k.max(cols).max(1)).clamp(1, m);
        let constants = [("COLS", cols as u32)];
        let pipeline = self.pipelines.get(&self.device, &shaders::MATVEC, self.storage_dtype(dtype), None, &constants);
        for r0 in (0..m).step_by(rows_per) {
            let rb = rows_per.min(m - r0);
            let (a_bind, a_base) = self.window_bind(a, dtype, r0 * k, (r0 + rb) * k);
            let (w_bind, _) = self.window_bind(w, dtype, 0, k * cols);
            let (y_bind, y_base) = self.window_bind(&y, dtype, r0 * cols, (r0 + rb) * cols);
            let params = MatvecParams {
                rows: rb as u32,
                k: k as u32,
                a_start: (r0 * k) as u32 - a_base,
                y_start: (r0 * cols) as u32 - y_base,
                w_trans: u32::from(w_trans),
            };
            self.dispatch(&pipeline, &params, &[a_bind, w_bind, y_bind], rb.div_ceil(8) as u32)?;
        }
        Ok(y)
    }
}

/// Block extents (rows of C, columns of C, depth) such that the stored range each operand's
/// block spans fits `limit` elements: start from everything (depth capped at `serial`, the
/// llvmpipe loop budget; each 16-deep slice costs about 18 iterations) and halve the largest extent
/// that takes part in an oversized window. None when even 1 x 1 x 1 blocks do not fit.
fn block_sizes(
    (m, n, k): (usize, usize, usize),
    ta: bool,
    tb: bool,
    limit: usize,
    serial: usize,
) -> Option<(usize, usize, usize)> {
    let (mut mc, mut nc, mut kc) = (m, n, k.min(serial));
    loop {
        // Stored spans: A is m x k (or k x m), B is k x n (or n x k), C is m x n.
        let a_span = if ta { (kc - 1) * m + mc } else { (mc - 1) * k + kc };
        let b_span = if tb { (nc - 1) * k + kc } else { (kc - 1) * n + nc };
        let c_span = (mc - 1) * n + nc;
        if a_span <= limit && b_span <= limit && c_span <= limit {
            return Some((mc, nc, kc));
        }
        // Candidates: the extents that multiply a row stride in an oversized span.
        let mut options = Vec::new();
        if (a_span > limit && !ta) || c_span > limit {
            options.push((mc, 0));
        }
        if (b_span > limit && tb) || c_span > limit {
            options.push((nc, 1));
        }
        if (a_span > limit && ta) || (b_span > limit && !tb) {
            options.push((kc, 2));
        }
        // When the strided extents are already 1, the contiguous ones must shrink.
        if options.iter().all(|&(v, _)| v == 1) {
            options = vec![(mc, 0), (nc, 1), (kc, 2)];
        }
        let (v, which) = options.into_iter().max_by_key(|&(v, _)| v)?;
        if v == 1 {
            return None;
        }
        let halved = v.div_ceil(2);
        match which {
            0 => mc = halved,
            1 => nc = halved,
            _ => kc = halved,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::MAX_SERIAL;
    use super::*;

    #[test]
    fn blocks_fit_the_limit() {
        for &(m, n, k) in
            &[(1usize, 1usize, 1usize), (500, 3, 100_000), (3, 2, 100_000), (10_000, 64, 64), (64, 64, 1 << 20)]
        {
            for (ta, tb) in [(false, false), (true, false), (false, true), (true, true)] {
                for limit in [64usize, 1000, 16_384, 1 << 25] {
                    let (mc, nc, kc) = block_sizes((m, n, k), ta, tb, limit, MAX_SERIAL).unwrap();
                    assert!(mc >= 1 && nc >= 1 && kc >= 1 && mc <= m && nc <= n && kc <= k.min(MAX_SERIAL));
                    let a_span = if ta { (kc - 1) * m + mc } else { (mc - 1) * k + kc };
                    let b_span = if tb { (nc - 1) * k + kc } else { (kc - 1) * n + nc };
                    assert!(
                        a_span <= limit && b_span <= limit && (mc - 1) * n + nc <= limit,
                        "{m} {n} {k} {ta} {tb} {limit}"
                    );
                }
            }
        }
    }
}

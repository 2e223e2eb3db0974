//! Launching the dense factorization kernels: block Cholesky and triangular solves.

use super::context::GpuContext;
use super::params::*;
use super::pool::GpuBuffer;
use super::shaders;
use crate::dtype::DType;
use crate::error::Result;

/// The largest diagonal block one workgroup factors.
pub(crate) const CHOLESKY_BLOCK: usize = 64;

impl GpuContext {
    /// Factors the contiguous n x n block `a` (n <= 256) in place; a failed pivot records
    /// `first_row + j + 1` in `flag[0]`.
    pub(crate) fn cholesky_block(
        &self,
        a: &GpuBuffer,
        n: usize,
        first_row: usize,
        flag: &GpuBuffer,
        dtype: DType,
    ) -> Result<()> {
        let pipeline = self.pipelines.get(&self.device, &shaders::CHOLESKY_BLOCK, self.storage_dtype(dtype), None, &[]);
        let binds = [self.whole(a, dtype, n * n, "cholesky block")?, self.whole(flag, DType::U32, 1, "cholesky flag")?];
        self.dispatch(&pipeline, &CholeskyParams { n: n as u32, first_row: first_row as u32 }, &binds, 1)
    }

    /// Solves M X = B in place in `b` (p x r): M = A or A^T for the p x p triangular A, lower
    /// or upper as `m_lower` says of M.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn trsv(
        &self,
        a: &GpuBuffer,
        p: usize,
        b: &GpuBuffer,
        r: usize,
        transpose: bool,
        m_lower: bool,
        dtype: DType,
    ) -> Result<()> {
        if p == 0 || r == 0 {
            return Ok(());
        }
        let pipeline = self.pipelines.get(&self.device, &shaders::TRSV, self.storage_dtype(dtype), None, &[]);
        let a_bind =
            self.whole(a, dtype, p * p, "max_storage_buffer_binding_size (the matrix of a triangular solve)")?;
        let b_bind = self.whole(
            b,
            dtype,
            p * r,
            "max_storage_buffer_binding_size (the right-hand sides of a triangular solve)",
        )?;
        // Step s costs s inner iterations: steps per dispatch keep the nest within budget.
        let mut step = 0;
        while step < p {
            let mut end = step + 1;
            let mut cost = step;
            while end < p && cost + end <= self.max_serial(dtype) {
                cost += end;
                end += 1;
            }
            let params = TrsvParams {
                p: p as u32,
                r: r as u32,
                transpose: u32::from(transpose),
                lower: u32::from(m_lower),
                first_step: step as u32,
                end_step: end as u32,
                b_start: 0,
            };
            self.dispatch(&pipeline, &params, &[a_bind.clone(), b_bind.clone()], r.div_ceil(256) as u32)?;
            step = end;
        }
        Ok(())
    }

    /// One sweep (m - 1 rounds) of parallel cyclic Jacobi over the n columns of the
    /// `rows` x n `a`, accumulating the rotations into `v`: two-sided on a symmetric matrix
    /// (`one_sided == false`, rows = n), one-sided (Hestenes) for singular values.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn jacobi_sweep(
        &self,
        a: &GpuBuffer,
        rows: usize,
        v: &GpuBuffer,
        rot: &GpuBuffer,
        n: usize,
        one_sided: bool,
        dtype: DType,
    ) -> Result<()> {
        let m = n + n % 2;
        let t = self.storage_dtype(dtype);
        let stage = |s: u32| self.pipelines.get(&self.device, &shaders::JACOBI, t, None, &[("STAGE", s)]);
        let binds = [
            self.whole(a, dtype, rows * n, "max_storage_buffer_binding_size (the matrix of eigh / svd)")?,
            self.whole(v, dtype, n * n, "max_storage_buffer_binding_size (the vectors of eigh / svd)")?,
            self.whole(rot, dtype, m, "jacobi rotations")?,
        ];
        let (angles, rows_stage, columns) = (stage(if one_sided { 3 } else { 0 }), stage(1), stage(2));
        for round in 0..m - 1 {
            let params = JacobiParams { n: n as u32, m: m as u32, round: round as u32, rows: rows as u32 };
            self.dispatch(&angles, &params, &binds, (m / 2).div_ceil(256) as u32)?;
            if !one_sided {
                self.dispatch(&rows_stage, &params, &binds, (m / 2 * n).div_ceil(256) as u32)?;
            }
            self.dispatch(&columns, &params, &binds, (m / 2 * n.max(rows)).div_ceil(256) as u32)?;
        }
        Ok(())
    }
}

//! Launching the dense factorization kernels: block Cholesky and triangular solves.

use super::context::GpuContext;
use super::pool::GpuBuffer;
use super::shaders;
use super::MAX_SERIAL;
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
        self.dispatch(&pipeline, &[n as u32, first_row as u32], &binds, 1)
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
            while end < p && cost + end <= MAX_SERIAL {
                cost += end;
                end += 1;
            }
            let params = [p as u32, r as u32, u32::from(transpose), u32::from(m_lower), step as u32, end as u32, 0];
            self.dispatch(&pipeline, &params, &[a_bind.clone(), b_bind.clone()], r.div_ceil(256) as u32)?;
            step = end;
        }
        Ok(())
    }

    /// One sweep (m - 1 rounds) of parallel cyclic Jacobi on the symmetric n x n `a`,
    /// accumulating the rotations into `v`.
    pub(crate) fn jacobi_sweep(
        &self,
        a: &GpuBuffer,
        v: &GpuBuffer,
        rot: &GpuBuffer,
        n: usize,
        dtype: DType,
    ) -> Result<()> {
        let m = n + n % 2;
        let t = self.storage_dtype(dtype);
        let stages: Vec<_> =
            (0..3).map(|s| self.pipelines.get(&self.device, &shaders::JACOBI, t, None, &[("STAGE", s)])).collect();
        let binds = [
            self.whole(a, dtype, n * n, "max_storage_buffer_binding_size (the matrix of eigh)")?,
            self.whole(v, dtype, n * n, "max_storage_buffer_binding_size (the eigenvectors of eigh)")?,
            self.whole(rot, dtype, m, "jacobi rotations")?,
        ];
        for round in 0..m - 1 {
            let params = [n as u32, m as u32, round as u32];
            self.dispatch(&stages[0], &params, &binds, (m / 2).div_ceil(256) as u32)?;
            self.dispatch(&stages[1], &params, &binds, (m / 2 * n).div_ceil(256) as u32)?;
            self.dispatch(&stages[2], &params, &binds, (m / 2 * n).div_ceil(256) as u32)?;
        }
        Ok(())
    }
}

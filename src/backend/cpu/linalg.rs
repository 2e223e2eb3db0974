//! Dense products on the host, through faer (multithreaded, blocked; faster than ndarray's
//! matrixmultiply on every shape we measured).

use faer::linalg::matmul::matmul;
use faer::{Accum, MatMut, MatRef, Par};

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

macro_rules! gemm_for {
    ($name:ident, $t:ty) => {
        /// op(A) op(B) for row-major A (ar x ac) and B (br x bc), as a row-major Vec.
        #[allow(clippy::too_many_arguments)]
        pub(crate) fn $name(
            a: &[$t],
            ar: usize,
            ac: usize,
            ta: bool,
            b: &[$t],
            br: usize,
            bc: usize,
            tb: bool,
        ) -> Vec<$t> {
            let a = MatRef::from_row_major_slice(a, ar, ac);
            let b = MatRef::from_row_major_slice(b, br, bc);
            let a = if ta { a.transpose() } else { a };
            let b = if tb { b.transpose() } else { b };
            let (m, n) = (a.nrows(), b.ncols());
            let mut out = vec![0.0; m * n];
            let dst = MatMut::from_row_major_slice_mut(&mut out, m, n);
            matmul(dst, Accum::Replace, a, b, 1.0, parallelism());
            out
        }
    };
}

gemm_for!(gemm_f32, f32);
gemm_for!(gemm_f64, f64);

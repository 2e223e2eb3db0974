//! The parameters of each kernel dispatch, bound at binding 0: `#[repr(C)]` Pod structs, each
//! mirrored field for field by a WGSL struct of the same name in the kernel's source.
//! `tests/shaders.rs` checks every mirror (names, order and size) through naga.

/// What a params struct looks like, for the mirror check.
pub struct ParamsLayout {
    pub name: &'static str,
    pub fields: &'static [&'static str],
    pub size: usize,
}

/// Declares each params struct once: the Rust struct and its [`ParamsLayout`].
macro_rules! params {
    ($($(#[doc = $doc:literal])* $name:ident { $($field:ident: $ty:ty),* $(,)? })*) => {
        $(
            $(#[doc = $doc])*
            #[repr(C)]
            #[derive(Clone, Copy, Default, bytemuck::Pod, bytemuck::Zeroable)]
            pub(crate) struct $name { $(pub $field: $ty),* }

            impl $name {
                pub const LAYOUT: ParamsLayout = ParamsLayout {
                    name: stringify!($name),
                    fields: &[$(stringify!($field)),*],
                    size: std::mem::size_of::<$name>(),
                };
            }
        )*
    };
}

params! {
    /// Elementwise kernels (nd_index.wgsl): NumPy broadcasting over up to 8 axes, strided and
    /// windowed operands. Slot k of `base` and `stride` is input k; slot 3 is the output.
    NdParams {
        len: u32,
        axes: u32,
        first: u32,
        contiguous: u32,
        base: [u32; 4],
        extent: [u32; 8],
        stride: [[u32; 8]; 4],
    }
    /// One pass of a reduction (segment.wgsl); the `*_idx` fields are arg_reduce.wgsl's.
    SegmentParams {
        len: u32,
        inner: u32,
        segments: u32,
        seg: u32,
        lanes_inner: u32,
        chunk: u32,
        first_segment: u32,
        end_segment: u32,
        src_start: u32,
        dst_start: u32,
        blocks: u32,
        has_src_idx: u32,
        src_idx_start: u32,
        dst_idx_start: u32,
        stride_outer: u32,
        stride_len: u32,
        stride_inner: u32,
    }
    /// One block of C (+)= op(A) op(B) (matmul.wgsl).
    MatmulParams {
        m: u32,
        n: u32,
        k: u32,
        trans_a: u32,
        trans_b: u32,
        lda: u32,
        ldb: u32,
        ldc: u32,
        a_start: u32,
        b_start: u32,
        c_start: u32,
        accumulate: u32,
        tiles_n: u32,
    }
    /// Jobs of the centered scatter and cross products (gram.wgsl).
    GramParams {
        n: u32,
        pa: u32,
        pb: u32,
        chunk_rows: u32,
        tiles_b: u32,
        lower: u32,
        jobs_per_chunk: u32,
        first_job: u32,
        first_row: u32,
        a_start: u32,
        b_start: u32,
        codes_start: u32,
        partials_start: u32,
        center_a: u32,
        ca_start: u32,
        scale_a: u32,
        sa_start: u32,
        center_b: u32,
        cb_start: u32,
        scale_b: u32,
        sb_start: u32,
    }
    /// Rows of Y = A W for up to 16 columns of W (matvec.wgsl).
    MatvecParams { rows: u32, k: u32, a_start: u32, y_start: u32, w_trans: u32 }
    /// One diagonal block of a Cholesky factorization (cholesky_block.wgsl).
    CholeskyParams { n: u32, first_row: u32 }
    /// Steps of a triangular solve (trsv.wgsl).
    TrsvParams { p: u32, r: u32, transpose: u32, lower: u32, first_step: u32, end_step: u32, b_start: u32 }
    /// One round of parallel Jacobi (jacobi.wgsl).
    JacobiParams { n: u32, m: u32, round: u32, rows: u32 }
    /// Block prefix sums (block_scan.wgsl).
    BlockScanParams {
        len: u32,
        blocks: u32,
        first_block: u32,
        end_block: u32,
        src_start: u32,
        dst_start: u32,
        sums_start: u32,
    }
    /// Block offsets of a multi-block prefix sum (add_offsets.wgsl).
    AddOffsetsParams { len: u32, blocks: u32, first_block: u32, end_block: u32, dst_start: u32, scanned_start: u32 }
    /// Prefix sums along lines (line_scan.wgsl).
    LineScanParams {
        lines: u32,
        len: u32,
        inner: u32,
        first_line: u32,
        src_start: u32,
        dst_start: u32,
        first_row: u32,
        end_row: u32,
        carry_start: u32,
    }
    /// One compare-exchange step of a bitonic sort within rows or chunks (bitonic.wgsl).
    BitonicParams {
        pairs: u32,
        n: u32,
        p: u32,
        k: u32,
        j: u32,
        first_pair: u32,
        keys_start: u32,
        chunk_pos: u32,
        idx_start: u32,
    }
    /// One compare-exchange step between two chunks (bitonic_pair.wgsl).
    BitonicPairParams { chunk: u32, n: u32, k: u32, chunk_a_pos: u32 }
    /// A windowed scatter (scatter.wgsl).
    ScatterParams { len: u32, first: u32, index_start: u32, src_start: u32, dst_first: u32, dst_end: u32, dst_start: u32 }
    /// Insertion points in one part of a sorted vector (searchsorted.wgsl).
    SearchsortedParams {
        len: u32,
        right: u32,
        first: u32,
        values_start: u32,
        dst_start: u32,
        s0: u32,
        s1: u32,
        sorted_start: u32,
        overwrite: u32,
    }
    /// Counting (bincount.wgsl).
    BincountParams { len: u32, first: u32, x_start: u32 }
    /// Sums of sorted segments (segment_sum.wgsl).
    SegmentSumParams { segments: u32, skip: u32, count: u32, w0: u32, w1: u32, overwrite: u32, src_start: u32 }
    /// A windowed gather along the middle axis (take.wgsl).
    TakeParams {
        len: u32,
        n: u32,
        inner: u32,
        k: u32,
        first_row: u32,
        dst_start: u32,
        src_first_row: u32,
        src_end_row: u32,
        src_start: u32,
        index_start: u32,
    }
    /// Philox draws (philox.wgsl); `wide` is 1 for float64 uniforms (53 bits from two words).
    RandomParams { len: u32, first: u32, counter_lo: u32, counter_hi: u32, key_lo: u32, key_hi: u32, dst_start: u32, wide: u32 }
}

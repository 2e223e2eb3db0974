//! Launching the centered scatter and cross products (gram.wgsl): jobs of one output tile
//! over one chunk of rows, grouped into dispatches that each fit one storage binding per
//! operand, whose partial tiles `ops::centered_products` sums and lays out.

use super::context::GpuContext;
use super::params::GramParams;
use super::pool::GpuBuffer;
use super::shaders;
use crate::dtype::DType;
use crate::error::{Error, Result};

/// Output tiles are TILE x TILE; so are the partial slots.
pub(crate) const TILE: usize = 64;

/// Workgroups one product aims for, so that a GPU's cores all have work (a 300 x 300 Gram
/// has 15 tiles on and below its diagonal).
const TARGET_JOBS: usize = 1024;

/// How one operand's rows are centered and scaled as they are loaded: offsets into `aux`.
#[derive(Clone, Copy, Default)]
pub(crate) struct Adjust {
    /// 0: not centered; 1: by the row at `center_at`; 2: by the row `codes[r]` of the matrix at
    /// `center_at`.
    pub center: u32,
    pub center_at: usize,
    /// The row of column factors at this offset.
    pub scale_at: Option<usize>,
}

/// An operand: a row-major n x cols matrix and its adjustments.
pub(crate) struct GramOperand<'a> {
    pub buf: &'a GpuBuffer,
    pub cols: usize,
    pub adjust: Adjust,
}

/// What [`GpuContext::gram`] computed: `chunks` x `jobs_per_chunk` partial tiles.
pub(crate) struct GramPartials {
    pub buf: GpuBuffer,
    pub chunks: usize,
    pub jobs_per_chunk: usize,
}

impl GpuContext {
    /// The partial tiles of Σ_r za_r ⊗ zb_r over the n rows of A and B (B = A where `b` is
    /// None: then only the tiles on and below the diagonal). `codes` (int32, n) picks A's
    /// center rows when `a.adjust.center` is 2; `aux` holds the centers and factors.
    pub(crate) fn gram(
        &self,
        n: usize,
        a: &GramOperand<'_>,
        b: Option<&GramOperand<'_>>,
        codes: Option<&GpuBuffer>,
        aux: (&GpuBuffer, usize),
        dtype: DType,
    ) -> Result<GramPartials> {
        const OP: &str = "centered_products";
        let lower = b.is_none();
        let b = b.unwrap_or(a);
        let (pa, pb) = (a.cols, b.cols);
        let (ta, tb) = (pa.div_ceil(TILE), pb.div_ceil(TILE));
        let jobs_per_chunk = if lower { ta * (ta + 1) / 2 } else { ta * tb };
        let limit = self.window_elems(dtype);
        let width = pa.max(pb);
        let too_large = |elems: usize, what: &'static str| Error::BufferTooLarge {
            op: OP,
            requested: elems as u64 * self.elem_size(dtype),
            limit: self.limits.max_storage_buffer_binding_size,
            limit_name: what,
        };
        if width > limit || aux.1 > limit {
            return Err(too_large(width.max(aux.1), "max_storage_buffer_binding_size (one row, or the centers)"));
        }
        let slot = TILE * TILE;
        let slots_fit = limit / slot;
        if slots_fit == 0 {
            return Err(too_large(slot, "max_storage_buffer_binding_size (one 64 x 64 output tile)"));
        }
        let per_chunk = n.div_ceil(TARGET_JOBS.div_ceil(jobs_per_chunk)).max(256);
        let chunk_rows = per_chunk.min(self.max_serial(dtype)).min(limit / width).max(1);
        let chunks = n.div_ceil(chunk_rows);
        let jobs = chunks * jobs_per_chunk;
        let partials = self.alloc((jobs * slot) as u64 * self.elem_size(dtype))?;
        let pipeline = self.pipelines.get(&self.device, &shaders::GRAM, self.storage_dtype(dtype), None, &[]);
        let (aux_bind, aux_base) = self.window_bind(aux.0, dtype, 0, aux.1.max(1));
        let chunk_of = |job: usize| job / jobs_per_chunk;
        let row_span = |j0: usize, j1: usize| (chunk_of(j0) * chunk_rows, ((chunk_of(j1 - 1) + 1) * chunk_rows).min(n));
        let mut j0 = 0;
        while j0 < jobs {
            // The most jobs from j0 whose partial slots and rows each fit one binding.
            let mut j1 = j0 + 1;
            while j1 < jobs && j1 + 1 - j0 <= slots_fit && {
                let (r0, r1) = row_span(j0, j1 + 1);
                (r1 - r0) * width <= limit
            } {
                j1 += 1;
            }
            let (r0, r1) = row_span(j0, j1);
            let (a_bind, a_base) = self.window_bind(a.buf, dtype, r0 * pa, r1 * pa);
            let (b_bind, b_base) = self.window_bind(b.buf, dtype, r0 * pb, r1 * pb);
            let (codes_bind, codes_base) = match codes {
                Some(c) => self.window_bind(c, DType::I32, r0, r1),
                None => (aux_bind.clone(), 0),
            };
            let (p_bind, p_base) = self.window_bind(&partials, dtype, j0 * slot, j1 * slot);
            let params = GramParams {
                n: n as u32,
                pa: pa as u32,
                pb: pb as u32,
                chunk_rows: chunk_rows as u32,
                tiles_b: tb as u32,
                lower: u32::from(lower),
                jobs_per_chunk: jobs_per_chunk as u32,
                first_job: j0 as u32,
                first_row: r0 as u32,
                a_start: (r0 * pa) as u32 - a_base,
                b_start: (r0 * pb) as u32 - b_base,
                codes_start: r0 as u32 - codes_base,
                partials_start: (j0 * slot) as u32 - p_base,
                center_a: a.adjust.center,
                ca_start: a.adjust.center_at as u32 - aux_base,
                scale_a: u32::from(a.adjust.scale_at.is_some()),
                sa_start: a.adjust.scale_at.unwrap_or(0) as u32 - aux_base,
                center_b: b.adjust.center,
                cb_start: b.adjust.center_at as u32 - aux_base,
                scale_b: u32::from(b.adjust.scale_at.is_some()),
                sb_start: b.adjust.scale_at.unwrap_or(0) as u32 - aux_base,
            };
            self.dispatch(
                &pipeline,
                &params,
                &[a_bind, b_bind, codes_bind, aux_bind.clone(), p_bind],
                (j1 - j0) as u32,
            )?;
            j0 = j1;
        }
        Ok(GramPartials { buf: partials, chunks, jobs_per_chunk })
    }
}

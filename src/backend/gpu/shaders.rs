//! The WGSL kernels, included at compile time from `shaders/`, and the composition of one
//! source per element type: the scalar prelude for T (and S), the shared helpers, then the kernel.

use super::params::*;
use crate::dtype::DType;
use crate::ops::{BinaryOp, CompareOp, PairTerm, PredicateOp, UnaryFloatOp, UnaryNumericOp};

macro_rules! wgsl {
    ($path:literal) => {
        include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/shaders/", $path))
    };
}

/// Element types a kernel is instantiated for.
pub const FLOATS: &[DType] = &[DType::F32, DType::F64];
pub const NUMERIC: &[DType] = &[DType::F32, DType::F64, DType::I32, DType::U32];
pub const UNSIGNED: &[DType] = &[DType::U32];

/// One kernel: its sources after the prelude, the element types T it supports, the source
/// types S for kernels that read another type (empty when it has none), its params struct, and
/// for an op family's kernel the WGSL function of each op (`ops::op_tables`).
pub struct Kernel {
    pub name: &'static str,
    pub sources: &'static [&'static str],
    pub t_types: &'static [DType],
    pub s_types: &'static [DType],
    pub params: &'static ParamsLayout,
    pub ops: &'static [&'static str],
}

const ND: &str = wgsl!("elementwise/nd_index.wgsl");

const SEGMENT: &str = wgsl!("reduce/segment.wgsl");
const ORDER: &str = wgsl!("sort/order.wgsl");
const PHILOX: &str = wgsl!("random/philox.wgsl");

/// Declares every kernel once: its static, and its entry in [`ALL`].
macro_rules! kernels {
    ($($ident:ident: $name:literal, [$($src:expr),*], $t:expr, $s:expr, $params:ident $(, ops $ops:path)?;)*) => {
        $(pub static $ident: Kernel = Kernel {
            name: $name,
            sources: &[$($src),*],
            t_types: $t,
            s_types: $s,
            params: &$params::LAYOUT,
            ops: kernels!(@ops $($ops)?),
        };)*
        /// Every kernel, for the shader validation tests.
        pub static ALL: &[&Kernel] = &[$(&$ident),*];
    };
    (@ops) => { &[] };
    (@ops $ops:path) => { $ops };
}

kernels! {
    BINARY: "binary", [ND, wgsl!("elementwise/binary.wgsl")], NUMERIC, &[], NdParams, ops BinaryOp::WGSL;
    COMPARE: "compare", [ND, wgsl!("elementwise/compare.wgsl")], NUMERIC, &[], NdParams, ops CompareOp::WGSL;
    WHERE: "where", [ND, wgsl!("elementwise/where.wgsl")], NUMERIC, &[], NdParams;
    UNARY_FLOAT: "unary_float", [ND, wgsl!("elementwise/unary_float.wgsl")], FLOATS, &[], NdParams, ops UnaryFloatOp::WGSL;
    UNARY_NUMERIC: "unary_numeric", [ND, wgsl!("elementwise/unary_numeric.wgsl")], NUMERIC, &[], NdParams, ops UnaryNumericOp::WGSL;
    PREDICATE: "predicate", [ND, wgsl!("elementwise/predicate.wgsl")], NUMERIC, &[], NdParams, ops PredicateOp::WGSL;
    CAST: "cast", [ND, wgsl!("elementwise/cast.wgsl")], NUMERIC, NUMERIC, NdParams;
    AFFINE: "affine", [ND, wgsl!("elementwise/affine.wgsl")], NUMERIC, &[], NdParams;
    REDUCE: "reduce", [SEGMENT, wgsl!("reduce/reduce.wgsl")], NUMERIC, &[], SegmentParams;
    ARG_REDUCE: "arg_reduce", [SEGMENT, wgsl!("reduce/arg_reduce.wgsl")], NUMERIC, &[], SegmentParams;
    MATMUL: "matmul", [wgsl!("linalg/matmul.wgsl")], FLOATS, &[], MatmulParams, ops PairTerm::WGSL;
    MATVEC: "matvec", [wgsl!("linalg/matvec.wgsl")], FLOATS, &[], MatvecParams;
    CHOLESKY_BLOCK: "cholesky_block", [wgsl!("linalg/cholesky_block.wgsl")], FLOATS, &[], CholeskyParams;
    TRSV: "trsv", [wgsl!("linalg/trsv.wgsl")], FLOATS, &[], TrsvParams;
    JACOBI: "jacobi", [wgsl!("linalg/jacobi.wgsl")], FLOATS, &[], JacobiParams;
    BLOCK_SCAN: "block_scan", [wgsl!("scan/block_scan.wgsl")], NUMERIC, &[], BlockScanParams;
    ADD_OFFSETS: "add_offsets", [wgsl!("scan/add_offsets.wgsl")], NUMERIC, &[], AddOffsetsParams;
    LINE_SCAN: "line_scan", [wgsl!("scan/line_scan.wgsl")], NUMERIC, &[], LineScanParams;
    BITONIC: "bitonic", [wgsl!("sort/bitonic.wgsl"), ORDER], NUMERIC, &[], BitonicParams;
    BITONIC_PAIR: "bitonic_pair", [wgsl!("sort/bitonic_pair.wgsl"), ORDER], NUMERIC, &[], BitonicPairParams;
    SCATTER: "scatter", [wgsl!("sort/scatter.wgsl")], NUMERIC, &[], ScatterParams;
    SEARCHSORTED: "searchsorted", [wgsl!("sort/searchsorted.wgsl")], NUMERIC, &[], SearchsortedParams;
    BINCOUNT: "bincount", [wgsl!("sort/bincount.wgsl")], UNSIGNED, &[], BincountParams;
    SEGMENT_SUM: "segment_sum", [wgsl!("sort/segment_sum.wgsl")], FLOATS, &[], SegmentSumParams;
    TAKE: "take", [wgsl!("shape/take.wgsl")], NUMERIC, &[], TakeParams;
    RANDOM_BITS: "random_bits", [PHILOX, wgsl!("random/bits.wgsl")], UNSIGNED, &[], RandomParams;
    RANDOM_FLOAT: "random_float", [PHILOX, wgsl!("random/float.wgsl")], FLOATS, &[], RandomParams;
}

/// The helpers every scalar prelude shares, written in terms of the per-type ones.
pub const COMMON: &str = wgsl!("prelude/scalar_common.wgsl");

fn scalar_prelude(t: DType) -> &'static [&'static str] {
    const NATIVE: &str = wgsl!("prelude/scalar_native.wgsl");
    const FLOAT: &str = wgsl!("prelude/scalar_float_native.wgsl");
    const MATH: &str = wgsl!("prelude/math.wgsl");
    match t {
        DType::F32 => &[wgsl!("prelude/scalar_f32.wgsl"), FLOAT, NATIVE, COMMON, MATH],
        DType::F64 => &[wgsl!("prelude/scalar_f64.wgsl"), FLOAT, NATIVE, COMMON, MATH],
        DType::I32 => &[wgsl!("prelude/scalar_i32.wgsl"), NATIVE, COMMON],
        DType::U32 | DType::Bool => &[wgsl!("prelude/scalar_u32.wgsl"), NATIVE, COMMON],
    }
}

fn source_alias(s: DType) -> &'static str {
    match s {
        DType::F32 => wgsl!("prelude/src_f32.wgsl"),
        DType::F64 => wgsl!("prelude/src_f64.wgsl"),
        DType::I32 => wgsl!("prelude/src_i32.wgsl"),
        DType::U32 | DType::Bool => wgsl!("prelude/src_u32.wgsl"),
    }
}

/// The full WGSL of `kernel` for element type `t` and source type `s`.
pub fn compose(kernel: &Kernel, t: DType, s: Option<DType>) -> String {
    compose_with(scalar_prelude(t), kernel, s)
}

/// The WGSL of `kernel` after a given scalar prelude (tests compose a struct-typed probe).
pub fn compose_with(prelude: &[&str], kernel: &Kernel, s: Option<DType>) -> String {
    let mut parts: Vec<&str> = prelude.to_vec();
    if let Some(s) = s {
        parts.push(source_alias(s));
    }
    parts.extend_from_slice(kernel.sources);
    let src = parts.join("\n");
    if kernel.ops.is_empty() {
        return src;
    }
    op_switch(&src, kernel.ops)
}

/// Replaces the kernel's `OP_CASES(args)` with one case per op of its family, calling that op's
/// function on `args`; the last op is the default (WGSL requires one).
fn op_switch(src: &str, ops: &[&str]) -> String {
    let start = src.find("OP_CASES(").expect("an op family's kernel has OP_CASES(...)");
    let end = start + src[start..].find(')').expect("OP_CASES(...) is closed");
    let args = &src[start + "OP_CASES(".len()..end];
    let cases: Vec<String> = ops
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let label = if i + 1 == ops.len() { "default".to_string() } else { format!("case {i}u") };
            format!("{label}: {{ return {f}({args}); }}")
        })
        .collect();
    format!("{}{}{}", &src[..start], cases.join("\n        "), &src[end + 1..])
}

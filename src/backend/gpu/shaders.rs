//! The WGSL kernels, included at compile time from `shaders/`, and the composition of one
//! source per element type: the scalar prelude for T (and S), the shared helpers, then the kernel.

use crate::dtype::DType;

macro_rules! wgsl {
    ($path:literal) => {
        include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/shaders/", $path))
    };
}

/// Element types a kernel is instantiated for.
pub const FLOATS: &[DType] = &[DType::F32, DType::F64];
pub const NUMERIC: &[DType] = &[DType::F32, DType::F64, DType::I32, DType::U32];
pub const UNSIGNED: &[DType] = &[DType::U32];

/// One kernel: its sources after the prelude, the element types T it supports, and the source
/// types S for kernels that read another type (empty when it has none).
pub struct Kernel {
    pub name: &'static str,
    pub sources: &'static [&'static str],
    pub t_types: &'static [DType],
    pub s_types: &'static [DType],
}

const ND: &str = wgsl!("elementwise/nd_index.wgsl");

macro_rules! kernel {
    ($ident:ident, $name:literal, [$($src:expr),*], $t:expr, $s:expr) => {
        pub static $ident: Kernel = Kernel { name: $name, sources: &[$($src),*], t_types: $t, s_types: $s };
    };
}

kernel!(BINARY, "binary", [ND, wgsl!("elementwise/binary.wgsl")], NUMERIC, &[]);
kernel!(COMPARE, "compare", [ND, wgsl!("elementwise/compare.wgsl")], NUMERIC, &[]);
kernel!(WHERE, "where", [ND, wgsl!("elementwise/where.wgsl")], NUMERIC, &[]);
kernel!(UNARY_FLOAT, "unary_float", [ND, wgsl!("elementwise/unary_float.wgsl")], FLOATS, &[]);
kernel!(UNARY_NUMERIC, "unary_numeric", [ND, wgsl!("elementwise/unary_numeric.wgsl")], NUMERIC, &[]);
kernel!(PREDICATE, "predicate", [ND, wgsl!("elementwise/predicate.wgsl")], NUMERIC, &[]);
kernel!(CAST, "cast", [ND, wgsl!("elementwise/cast.wgsl")], NUMERIC, NUMERIC);
kernel!(AFFINE, "affine", [ND, wgsl!("elementwise/affine.wgsl")], NUMERIC, &[]);

const SEGMENT: &str = wgsl!("reduce/segment.wgsl");
kernel!(REDUCE, "reduce", [SEGMENT, wgsl!("reduce/reduce.wgsl")], NUMERIC, &[]);
kernel!(ARG_REDUCE, "arg_reduce", [SEGMENT, wgsl!("reduce/arg_reduce.wgsl")], NUMERIC, &[]);

kernel!(MATMUL, "matmul", [wgsl!("linalg/matmul.wgsl")], FLOATS, &[]);
kernel!(MATVEC, "matvec", [wgsl!("linalg/matvec.wgsl")], FLOATS, &[]);
kernel!(CHOLESKY_BLOCK, "cholesky_block", [wgsl!("linalg/cholesky_block.wgsl")], FLOATS, &[]);
kernel!(TRSV, "trsv", [wgsl!("linalg/trsv.wgsl")], FLOATS, &[]);
kernel!(JACOBI, "jacobi", [wgsl!("linalg/jacobi.wgsl")], FLOATS, &[]);

kernel!(BLOCK_SCAN, "block_scan", [wgsl!("scan/block_scan.wgsl")], NUMERIC, &[]);
kernel!(ADD_OFFSETS, "add_offsets", [wgsl!("scan/add_offsets.wgsl")], NUMERIC, &[]);
kernel!(LINE_SCAN, "line_scan", [wgsl!("scan/line_scan.wgsl")], NUMERIC, &[]);

const ORDER: &str = wgsl!("sort/order.wgsl");
kernel!(BITONIC, "bitonic", [wgsl!("sort/bitonic.wgsl"), ORDER], NUMERIC, &[]);
kernel!(BITONIC_PAIR, "bitonic_pair", [wgsl!("sort/bitonic_pair.wgsl"), ORDER], NUMERIC, &[]);
kernel!(SCATTER, "scatter", [wgsl!("sort/scatter.wgsl")], NUMERIC, &[]);
kernel!(SEARCHSORTED, "searchsorted", [wgsl!("sort/searchsorted.wgsl")], NUMERIC, &[]);
kernel!(BINCOUNT, "bincount", [wgsl!("sort/bincount.wgsl")], UNSIGNED, &[]);
kernel!(SEGMENT_SUM, "segment_sum", [wgsl!("sort/segment_sum.wgsl")], FLOATS, &[]);

kernel!(TAKE, "take", [wgsl!("shape/take.wgsl")], NUMERIC, &[]);

const PHILOX: &str = wgsl!("random/philox.wgsl");
kernel!(RANDOM_BITS, "random_bits", [PHILOX, wgsl!("random/bits.wgsl")], UNSIGNED, &[]);
kernel!(RANDOM_FLOAT, "random_float", [PHILOX, wgsl!("random/float.wgsl")], FLOATS, &[]);

/// Every kernel, for the shader validation test.
pub static ALL: &[&Kernel] = &[
    &BINARY,
    &COMPARE,
    &WHERE,
    &UNARY_FLOAT,
    &UNARY_NUMERIC,
    &PREDICATE,
    &CAST,
    &AFFINE,
    &REDUCE,
    &ARG_REDUCE,
    &MATMUL,
    &MATVEC,
    &CHOLESKY_BLOCK,
    &TRSV,
    &JACOBI,
    &BLOCK_SCAN,
    &ADD_OFFSETS,
    &LINE_SCAN,
    &BITONIC,
    &BITONIC_PAIR,
    &SCATTER,
    &SEARCHSORTED,
    &BINCOUNT,
    &SEGMENT_SUM,
    &TAKE,
    &RANDOM_BITS,
    &RANDOM_FLOAT,
];

fn scalar_prelude(t: DType) -> &'static [&'static str] {
    const COMMON: &str = wgsl!("prelude/scalar_common.wgsl");
    const MATH: &str = wgsl!("prelude/math.wgsl");
    match t {
        DType::F32 => &[wgsl!("prelude/scalar_f32.wgsl"), COMMON, MATH],
        DType::F64 => &[wgsl!("prelude/scalar_f64.wgsl"), COMMON, MATH],
        DType::I32 => &[wgsl!("prelude/scalar_i32.wgsl"), COMMON],
        DType::U32 | DType::Bool => &[wgsl!("prelude/scalar_u32.wgsl"), COMMON],
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
    let mut parts: Vec<&str> = scalar_prelude(t).to_vec();
    if let Some(s) = s {
        parts.push(source_alias(s));
    }
    parts.extend_from_slice(kernel.sources);
    parts.join("\n")
}

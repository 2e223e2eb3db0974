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
/// for each op family it switches over, the marker its source writes (`OP_CASES(args)`) and the
/// WGSL function of each op (`ops::op_tables`).
pub struct Kernel {
    pub name: &'static str,
    pub sources: &'static [&'static str],
    pub t_types: &'static [DType],
    pub s_types: &'static [DType],
    pub params: &'static ParamsLayout,
    pub ops: &'static [(&'static str, &'static [&'static str])],
}

const ND: &str = wgsl!("elementwise/nd_index.wgsl");
/// The unary ops' functions that are not prelude helpers, shared by their kernels and chains.
const UNARY_FNS: &str = wgsl!("elementwise/unary_fns.wgsl");

const SEGMENT: &str = wgsl!("reduce/segment.wgsl");
const ORDER: &str = wgsl!("sort/order.wgsl");
const PHILOX: &str = wgsl!("random/philox.wgsl");

/// Declares every kernel once: its static, and its entry in [`ALL`].
macro_rules! kernels {
    ($($ident:ident: $name:literal, [$($src:expr),*], $t:expr, $s:expr, $params:ident
        $(, ops $ops:path)? $(, switches [$($marker:literal => $table:path),*])?;)*) => {
        $(pub static $ident: Kernel = Kernel {
            name: $name,
            sources: &[$($src),*],
            t_types: $t,
            s_types: $s,
            params: &$params::LAYOUT,
            ops: kernels!(@ops $($ops)? $([$($marker => $table),*])?),
        };)*
        /// Every kernel, for the shader validation tests.
        pub static ALL: &[&Kernel] = &[$(&$ident),*];
    };
    (@ops) => { &[] };
    (@ops $ops:path) => { &[("OP_CASES", $ops)] };
    (@ops [$($marker:literal => $table:path),*]) => { &[$(($marker, $table)),*] };
}

kernels! {
    BINARY: "binary", [ND, wgsl!("elementwise/binary.wgsl")], NUMERIC, &[], NdParams, ops BinaryOp::WGSL;
    COMPARE: "compare", [ND, wgsl!("elementwise/compare.wgsl")], NUMERIC, &[], NdParams, ops CompareOp::WGSL;
    WHERE: "where", [ND, wgsl!("elementwise/where.wgsl")], NUMERIC, &[], NdParams;
    UNARY_FLOAT: "unary_float", [ND, UNARY_FNS, wgsl!("elementwise/unary_float.wgsl")], FLOATS, &[], NdParams, ops UnaryFloatOp::WGSL;
    UNARY_NUMERIC: "unary_numeric", [ND, UNARY_FNS, wgsl!("elementwise/unary_numeric.wgsl")], NUMERIC, &[], NdParams, ops UnaryNumericOp::WGSL;
    PREDICATE: "predicate", [ND, wgsl!("elementwise/predicate.wgsl")], NUMERIC, &[], NdParams, ops PredicateOp::WGSL;
    CAST: "cast", [ND, wgsl!("elementwise/cast.wgsl")], NUMERIC, NUMERIC, NdParams;
    CHAIN: "chain", [ND, UNARY_FNS, wgsl!("elementwise/chain.wgsl")], FLOATS, &[], NdParams,
        switches ["FLOAT_CASES" => UnaryFloatOp::WGSL, "NUMERIC_CASES" => UnaryNumericOp::WGSL, "BINARY_CASES" => BinaryOp::WGSL];
    AFFINE: "affine", [ND, wgsl!("elementwise/affine.wgsl")], NUMERIC, &[], NdParams;
    REDUCE: "reduce", [SEGMENT, wgsl!("reduce/reduce.wgsl")], NUMERIC, &[], SegmentParams;
    ARG_REDUCE: "arg_reduce", [SEGMENT, wgsl!("reduce/arg_reduce.wgsl")], NUMERIC, &[], SegmentParams;
    MATMUL: "matmul", [wgsl!("linalg/matmul.wgsl")], FLOATS, &[], MatmulParams, ops PairTerm::WGSL;
    GRAM: "gram", [wgsl!("linalg/gram.wgsl")], FLOATS, &[], GramParams;
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

/// The double-float struct, shared by the df64 prelude and the df64 source alias.
const DF64: &str = wgsl!("prelude/df64.wgsl");

/// The element type a kernel is instantiated for: how a dtype is stored and computed on a
/// device. Float64 is native f64, or double-float pairs of f32 (df64) under
/// `Float64::Emulate`; bool is stored as u32.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Scalar {
    F32,
    F64,
    Df64,
    I32,
    U32,
}

impl Scalar {
    /// The instantiation of a storage dtype (as `GpuContext::storage_dtype` gives it).
    pub fn of(dtype: DType, emulate_f64: bool) -> Scalar {
        match dtype {
            DType::F32 => Scalar::F32,
            DType::F64 if emulate_f64 => Scalar::Df64,
            DType::F64 => Scalar::F64,
            DType::I32 => Scalar::I32,
            DType::U32 | DType::Bool => Scalar::U32,
        }
    }

    /// Every instantiation of a kernel's dtypes: f64 kernels have a native and a df64 one.
    pub fn all_of(dtypes: &[DType]) -> Vec<Scalar> {
        let mut out: Vec<Scalar> = dtypes.iter().map(|&d| Scalar::of(d, false)).collect();
        if dtypes.contains(&DType::F64) {
            out.push(Scalar::Df64);
        }
        out
    }

    /// Whether the WGSL needs the FLOAT64 capability (SHADER_F64).
    pub fn needs_shader_f64(self) -> bool {
        self == Scalar::F64
    }

    fn is_integer(self) -> bool {
        matches!(self, Scalar::I32 | Scalar::U32)
    }
}

fn scalar_prelude(t: Scalar) -> &'static [&'static str] {
    const NATIVE: &str = wgsl!("prelude/scalar_native.wgsl");
    const FLOAT: &str = wgsl!("prelude/scalar_float_native.wgsl");
    const MATH: &str = wgsl!("prelude/math.wgsl");
    match t {
        Scalar::F32 => &[wgsl!("prelude/scalar_f32.wgsl"), FLOAT, NATIVE, COMMON, MATH],
        Scalar::F64 => &[wgsl!("prelude/scalar_f64.wgsl"), FLOAT, NATIVE, COMMON, MATH],
        Scalar::Df64 => &[DF64, wgsl!("prelude/scalar_df64.wgsl"), COMMON, wgsl!("prelude/math_df64.wgsl")],
        Scalar::I32 => &[wgsl!("prelude/scalar_i32.wgsl"), NATIVE, COMMON],
        Scalar::U32 => &[wgsl!("prelude/scalar_u32.wgsl"), NATIVE, COMMON],
    }
}

/// The source alias S for source type `s`, read into `t`; the df64 struct comes along unless
/// T's prelude already declared it.
fn source_alias(s: Scalar, t: Scalar) -> &'static [&'static str] {
    match (s, t) {
        (Scalar::F32, _) => &[wgsl!("prelude/src_f32.wgsl")],
        (Scalar::F64, _) => &[wgsl!("prelude/src_f64.wgsl")],
        (Scalar::Df64, Scalar::Df64) => &[wgsl!("prelude/src_df64.wgsl")],
        (Scalar::Df64, t) if t.is_integer() => &[DF64, wgsl!("prelude/src_df64_int.wgsl")],
        (Scalar::Df64, _) => &[DF64, wgsl!("prelude/src_df64.wgsl")],
        (Scalar::I32, _) => &[wgsl!("prelude/src_i32.wgsl")],
        (Scalar::U32, _) => &[wgsl!("prelude/src_u32.wgsl")],
    }
}

/// The full WGSL of `kernel` for element type `t` and source type `s`.
pub fn compose(kernel: &Kernel, t: Scalar, s: Option<Scalar>) -> String {
    let mut parts: Vec<&str> = scalar_prelude(t).to_vec();
    if let Some(s) = s {
        parts.extend_from_slice(source_alias(s, t));
    }
    assemble(parts, kernel)
}

/// The WGSL of `kernel` after a given scalar prelude (tests compose a struct-typed probe).
pub fn compose_with(prelude: &[&str], kernel: &Kernel, s: Option<Scalar>) -> String {
    let mut parts: Vec<&str> = prelude.to_vec();
    if let Some(s) = s {
        parts.extend_from_slice(source_alias(s, Scalar::F32));
    }
    assemble(parts, kernel)
}

fn assemble(mut parts: Vec<&str>, kernel: &Kernel) -> String {
    parts.extend_from_slice(kernel.sources);
    let src = parts.join("\n");
    kernel.ops.iter().fold(src, |src, &(marker, ops)| op_switch(&src, marker, ops))
}

/// Replaces the kernel's `MARKER(args)` with one case per op of a family, calling that op's
/// function on `args`; the last op is the default (WGSL requires one).
fn op_switch(src: &str, marker: &str, ops: &[&str]) -> String {
    let open = format!("{marker}(");
    let start = src.find(&open).expect("an op family's kernel has its marker");
    let end = start + src[start..].find(')').expect("the marker's call is closed");
    let args = &src[start + open.len()..end];
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

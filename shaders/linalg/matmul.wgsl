// C (+)= op(A) op(B) for an m x k by k x n product, op being identity or transpose; or, for
// OP > 0, C[i, j] (+)= Σ_k term(op(A)[i, k], op(B)[k, j]) with the term of ops::PairTerm (the
// pairwise distances' sums over features).
// 64 x 64 output tiles: 256 threads each own a 4 x 4 block (rows ty + 16 i, columns tx + 16 j),
// and 16-deep slices of A and B are staged in workgroup memory (16 KiB in f64, the WebGPU
// default limit). Operands may be windows of larger buffers: offsets are window-relative.
// Params written by src/backend/gpu/matmul.rs.
struct MatmulParams {
    m: u32,
    n: u32,
    k: u32,
    trans_a: u32, // 1 when A is transposed
    trans_b: u32, // 1 when B is transposed
    lda: u32, // row strides as stored
    ldb: u32,
    ldc: u32,
    a_start: u32, // offset of op(A)[0, 0]
    b_start: u32, // offset of op(B)[0, 0]
    c_start: u32, // offset of C[0, 0]
    accumulate: u32, // 1 to add to C instead of overwriting it
    tiles_n: u32, // tiles along n
}
@group(0) @binding(0) var<storage, read> params: MatmulParams;
@group(0) @binding(1) var<storage, read> a: array<T>;
@group(0) @binding(2) var<storage, read> b: array<T>;
@group(0) @binding(3) var<storage, read_write> c: array<T>;

// Which sum the tiles accumulate: 0 the product; the others' switch is generated from the op
// table (ops::op_tables::PairTerm).
override OP: u32 = 0u;

fn term(x: T, y: T) -> T {
    switch OP {
        OP_CASES(x, y)
    }
}

fn pair_squared_difference(x: T, y: T) -> T {
    let d = t_sub(x, y);
    return t_mul(d, d);
}

fn pair_absolute_difference(x: T, y: T) -> T {
    let d = t_sub(x, y);
    return t_max(d, t_neg(d));
}

fn pair_chi2(x: T, y: T) -> T {
    let s = t_add(x, y);
    if (t_eq(s, t_zero())) { return t_zero(); }
    return t_neg(t_div(pair_squared_difference(x, y), s));
}

fn pair_present_squared_difference(x: T, y: T) -> T {
    if (t_isnan(x) || t_isnan(y)) { return t_zero(); }
    return pair_squared_difference(x, y);
}

fn pair_present(x: T, y: T) -> T {
    if (t_isnan(x) || t_isnan(y)) { return t_zero(); }
    return t_one();
}

const BM: u32 = 64u;
const BN: u32 = 64u;
const BK: u32 = 16u;

var<workgroup> a_tile: array<T, 1024>;   // [BK][BM]
var<workgroup> b_tile: array<T, 1024>;   // [BK][BN]

fn load_a(row: u32, kk: u32) -> T {
    if (row >= params.m || kk >= params.k) { return t_zero(); }
    if (params.trans_a == 1u) { return a[params.a_start + kk * params.lda + row]; }
    return a[params.a_start + row * params.lda + kk];
}

fn load_b(kk: u32, col: u32) -> T {
    if (kk >= params.k || col >= params.n) { return t_zero(); }
    if (params.trans_b == 1u) { return b[params.b_start + col * params.ldb + kk]; }
    return b[params.b_start + kk * params.ldb + col];
}

@compute @workgroup_size(16, 16)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_id) lid3: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
    let w = wg.x + wg.y * nwg.x;
    let m0 = (w / params.tiles_n) * BM;
    let n0 = (w % params.tiles_n) * BN;
    let tx = lid3.x;
    let ty = lid3.y;
    var acc: array<array<T, 4>, 4>;
    for (var i = 0u; i < 4u; i = i + 1u) {
        for (var j = 0u; j < 4u; j = j + 1u) {
            acc[i][j] = t_zero();
        }
    }
    let ta = params.trans_a == 1u;
    let tb = params.trans_b == 1u;
    for (var k0 = 0u; k0 < params.k; k0 = k0 + BK) {
        // Each thread stages 4 elements of each tile; the index split follows the storage
        // order so that neighbouring threads read neighbouring addresses.
        for (var s = 0u; s < 4u; s = s + 1u) {
            let e = lid + s * 256u;
            var r = e / BK;
            var kk = e % BK;
            if (ta) {
                kk = e / BM;
                r = e % BM;
            }
            a_tile[kk * BM + r] = load_a(m0 + r, k0 + kk);
            var kb = e / BN;
            var cb = e % BN;
            if (tb) {
                cb = e / BK;
                kb = e % BK;
            }
            b_tile[kb * BN + cb] = load_b(k0 + kb, n0 + cb);
        }
        workgroupBarrier();
        for (var kk = 0u; kk < BK; kk = kk + 1u) {
            // The zero padding past k adds nothing to a product, but may to a term (a count).
            if (OP != 0u && k0 + kk >= params.k) { break; }
            var av: array<T, 4>;
            var bv: array<T, 4>;
            for (var i = 0u; i < 4u; i = i + 1u) {
                av[i] = a_tile[kk * BM + ty + 16u * i];
                bv[i] = b_tile[kk * BN + tx + 16u * i];
            }
            for (var i = 0u; i < 4u; i = i + 1u) {
                for (var j = 0u; j < 4u; j = j + 1u) {
                    if (OP == 0u) {
                        acc[i][j] = t_fma(av[i], bv[j], acc[i][j]);
                    } else {
                        acc[i][j] = t_add(acc[i][j], term(av[i], bv[j]));
                    }
                }
            }
        }
        workgroupBarrier();
    }
    for (var i = 0u; i < 4u; i = i + 1u) {
        let row = m0 + ty + 16u * i;
        for (var j = 0u; j < 4u; j = j + 1u) {
            let col = n0 + tx + 16u * j;
            if (row < params.m && col < params.n) {
                let at = params.c_start + row * params.ldc + col;
                if (params.accumulate == 1u) {
                    c[at] = t_add(c[at], acc[i][j]);
                } else {
                    c[at] = acc[i][j];
                }
            }
        }
    }
}

// C (+)= op(A) op(B) for an m x k by k x n product, op being identity or transpose.
// 64 x 64 output tiles: 256 threads each own a 4 x 4 block (rows ty + 16 i, columns tx + 16 j),
// and 16-deep slices of A and B are staged in workgroup memory (16 KiB in f64, the WebGPU
// default limit). Operands may be windows of larger buffers: offsets are window-relative.
// Layout (written by src/backend/gpu/matmul.rs):
//   params[0] m   params[1] n   params[2] k   params[3] A transposed   params[4] B transposed
//   params[5] lda params[6] ldb params[7] ldc (row strides as stored)
//   params[8] offset of op(A)[0, 0]   params[9] of op(B)[0, 0]   params[10] of C[0, 0]
//   params[11] 1 to add to C instead of overwriting it   params[12] tiles along n
@group(0) @binding(0) var<storage, read> params: array<u32>;
@group(0) @binding(1) var<storage, read> a: array<T>;
@group(0) @binding(2) var<storage, read> b: array<T>;
@group(0) @binding(3) var<storage, read_write> c: array<T>;

const BM: u32 = 64u;
const BN: u32 = 64u;
const BK: u32 = 16u;

var<workgroup> a_tile: array<T, 1024>;   // [BK][BM]
var<workgroup> b_tile: array<T, 1024>;   // [BK][BN]

fn load_a(row: u32, kk: u32) -> T {
    if (row >= params[0] || kk >= params[2]) { return t_zero(); }
    if (params[3] == 1u) { return a[params[8] + kk * params[5] + row]; }
    return a[params[8] + row * params[5] + kk];
}

fn load_b(kk: u32, col: u32) -> T {
    if (kk >= params[2] || col >= params[1]) { return t_zero(); }
    if (params[4] == 1u) { return b[params[9] + col * params[6] + kk]; }
    return b[params[9] + kk * params[6] + col];
}

@compute @workgroup_size(16, 16)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_id) lid3: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
    let w = wg.x + wg.y * nwg.x;
    let m0 = (w / params[12]) * BM;
    let n0 = (w % params[12]) * BN;
    let tx = lid3.x;
    let ty = lid3.y;
    var acc: array<array<T, 4>, 4>;
    for (var i = 0u; i < 4u; i = i + 1u) {
        for (var j = 0u; j < 4u; j = j + 1u) {
            acc[i][j] = t_zero();
        }
    }
    let ta = params[3] == 1u;
    let tb = params[4] == 1u;
    for (var k0 = 0u; k0 < params[2]; k0 = k0 + BK) {
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
            var av: array<T, 4>;
            var bv: array<T, 4>;
            for (var i = 0u; i < 4u; i = i + 1u) {
                av[i] = a_tile[kk * BM + ty + 16u * i];
                bv[i] = b_tile[kk * BN + tx + 16u * i];
            }
            for (var i = 0u; i < 4u; i = i + 1u) {
                for (var j = 0u; j < 4u; j = j + 1u) {
                    acc[i][j] = t_fma(av[i], bv[j], acc[i][j]);
                }
            }
        }
        workgroupBarrier();
    }
    for (var i = 0u; i < 4u; i = i + 1u) {
        let row = m0 + ty + 16u * i;
        for (var j = 0u; j < 4u; j = j + 1u) {
            let col = n0 + tx + 16u * j;
            if (row < params[0] && col < params[1]) {
                let at = params[10] + row * params[7] + col;
                if (params[11] == 1u) {
                    c[at] = c[at] + acc[i][j];
                } else {
                    c[at] = acc[i][j];
                }
            }
        }
    }
}

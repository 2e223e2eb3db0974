// In-place Cholesky factorization A = L L^T of one n x n block (n <= 256), row-major and
// contiguous, by one workgroup: column by column, every thread owns one row. The upper
// triangle is zeroed. A pivot that is not positive (or NaN) records its global index + 1 in
// `flag` (if none was recorded before) and the factorization goes on with NaN.
// Params written by src/backend/gpu/factor.rs.
struct CholeskyParams {
    n: u32,
    first_row: u32, // the block's first row in the whole matrix
}
@group(0) @binding(0) var<storage, read> params: CholeskyParams;
@group(0) @binding(1) var<storage, read_write> a: array<T>;
@group(0) @binding(2) var<storage, read_write> flag: array<u32>;

var<workgroup> column: array<T, 256>;
var<workgroup> pivot: T;

@compute @workgroup_size(256)
fn main(@builtin(local_invocation_index) i: u32) {
    let n = params.n;
    for (var j = 0u; j < n; j = j + 1u) {
        if (i >= j && i < n) {
            var s = a[i * n + j];
            for (var k = 0u; k < j; k = k + 1u) {
                s = t_sub(s, t_mul(a[i * n + k], a[j * n + k]));
            }
            column[i] = s;
        }
        workgroupBarrier();
        if (i == 0u) {
            let d = column[j];
            if (!t_lt(t_zero(), d)) {
                if (flag[0] == 0u) { flag[0] = params.first_row + j + 1u; }
                pivot = t_nan();
            } else {
                pivot = t_sqrt(d);
            }
        }
        workgroupBarrier();
        if (i == j) {
            a[i * n + j] = pivot;
        } else if (i > j && i < n) {
            a[i * n + j] = t_div(column[i], pivot);
        }
        storageBarrier();
        workgroupBarrier();
    }
    if (i < n) {
        for (var k = i + 1u; k < n; k = k + 1u) {
            a[i * n + k] = t_zero();
        }
    }
}

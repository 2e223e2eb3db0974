// One round of the parallel cyclic Jacobi method over the n columns of A (row-major, `rows`
// rows) with accumulator V (n x n): the round-robin ordering pairs the m = n rounded up to
// even indices into m / 2 disjoint (p, q) pairs, so all rotations of a round commute.
// Eigenvalues of a symmetric A (rows = n): STAGE 0 computes each pair's rotation (Golub &
// Van Loan, symmetric Schur 2x2) from A's entries, STAGE 1 applies them to the rows of A
// (A <- J^T A), STAGE 2 to the columns of A and V (A <- A J, V <- V J).
// Singular values (one-sided, Hestenes): STAGE 3 computes the rotation from the 2x2 Gram
// matrix of columns p and q, then STAGE 2 applies it; the columns become orthogonal.
// Layout (written by src/backend/gpu/factor.rs): params[0] n, params[1] m, params[2] round,
// params[3] rows.
override STAGE: u32 = 0u;

@group(0) @binding(0) var<storage, read> params: array<u32>;
@group(0) @binding(1) var<storage, read_write> a: array<T>;
@group(0) @binding(2) var<storage, read_write> v: array<T>;
@group(0) @binding(3) var<storage, read_write> rot: array<T>;

// The position of player k in the round-robin tournament of this round.
fn player(k: u32) -> u32 {
    if (k == 0u) { return 0u; }
    let m = params[1];
    return (k - 1u + params[2]) % (m - 1u) + 1u;
}

@compute @workgroup_size(256)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
    let t = (wg.x + wg.y * nwg.x) * 256u + lid;
    let n = params[0];
    let half = params[1] / 2u;
    let rows = params[3];
    var threads = half;
    if (STAGE == 1u) { threads = half * n; }
    if (STAGE == 2u) { threads = half * max(n, rows); }
    if (t >= threads) { return; }
    let pair = t % half;
    let other = t / half;
    var p = player(pair);
    var q = player(params[1] - 1u - pair);
    if (p > q) {
        let tmp = p;
        p = q;
        q = tmp;
    }
    if (q >= n) { return; }
    if (STAGE == 0u || STAGE == 3u) {
        var app = t_zero();
        var aqq = t_zero();
        var apq = t_zero();
        if (STAGE == 0u) {
            app = a[p * n + p];
            aqq = a[q * n + q];
            apq = a[p * n + q];
        } else {
            for (var r = 0u; r < rows; r = r + 1u) {
                let x = a[r * n + p];
                let y = a[r * n + q];
                app = app + x * x;
                aqq = aqq + y * y;
                apq = apq + x * y;
            }
        }
        var c = t_one();
        var s = t_zero();
        if (apq != t_zero()) {
            let tau = (aqq - app) / (apq + apq);
            var tt: T;
            if (tau >= t_zero()) {
                tt = t_one() / (tau + t_sqrt(t_one() + tau * tau));
            } else {
                tt = -t_one() / (-tau + t_sqrt(t_one() + tau * tau));
            }
            c = t_one() / t_sqrt(t_one() + tt * tt);
            s = tt * c;
        }
        rot[2u * pair] = c;
        rot[2u * pair + 1u] = s;
        return;
    }
    let c = rot[2u * pair];
    let s = rot[2u * pair + 1u];
    if (STAGE == 1u) {
        let j = other;
        let x = a[p * n + j];
        let y = a[q * n + j];
        a[p * n + j] = c * x - s * y;
        a[q * n + j] = s * x + c * y;
    } else {
        let i = other;
        if (i < rows) {
            let x = a[i * n + p];
            let y = a[i * n + q];
            a[i * n + p] = c * x - s * y;
            a[i * n + q] = s * x + c * y;
        }
        if (i < n) {
            let vx = v[i * n + p];
            let vy = v[i * n + q];
            v[i * n + p] = c * vx - s * vy;
            v[i * n + q] = s * vx + c * vy;
        }
    }
}

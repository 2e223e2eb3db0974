// One round of the parallel cyclic Jacobi method over the n columns of A (row-major, `rows`
// rows) with accumulator V (n x n): the round-robin ordering pairs the m = n rounded up to
// even indices into m / 2 disjoint (p, q) pairs, so all rotations of a round commute.
// Eigenvalues of a symmetric A (rows = n): STAGE 0 computes each pair's rotation (Golub &
// Van Loan, symmetric Schur 2x2) from A's entries, STAGE 1 applies them to the rows of A
// (A <- J^T A), STAGE 2 to the columns of A and V (A <- A J, V <- V J).
// Singular values (one-sided, Hestenes): STAGE 3 computes the rotation from the 2x2 Gram
// matrix of columns p and q, then STAGE 2 applies it; the columns become orthogonal.
// Params written by src/backend/gpu/factor.rs.
override STAGE: u32 = 0u;

struct JacobiParams {
    n: u32,
    m: u32, // n rounded up to even
    round: u32,
    rows: u32, // rows of A
}
@group(0) @binding(0) var<storage, read> params: JacobiParams;
@group(0) @binding(1) var<storage, read_write> a: array<T>;
@group(0) @binding(2) var<storage, read_write> v: array<T>;
@group(0) @binding(3) var<storage, read_write> rot: array<T>;

// The position of player k in the round-robin tournament of this round.
fn player(k: u32) -> u32 {
    if (k == 0u) { return 0u; }
    let m = params.m;
    return (k - 1u + params.round) % (m - 1u) + 1u;
}

@compute @workgroup_size(256)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
    let t = (wg.x + wg.y * nwg.x) * 256u + lid;
    let n = params.n;
    let half = params.m / 2u;
    let rows = params.rows;
    var threads = half;
    if (STAGE == 1u) { threads = half * n; }
    if (STAGE == 2u) { threads = half * max(n, rows); }
    if (t >= threads) { return; }
    let pair = t % half;
    let other = t / half;
    var p = player(pair);
    var q = player(params.m - 1u - pair);
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
                app = t_add(app, t_mul(x, x));
                aqq = t_add(aqq, t_mul(y, y));
                apq = t_add(apq, t_mul(x, y));
            }
        }
        var c = t_one();
        var s = t_zero();
        if (!t_eq(apq, t_zero())) {
            let tau = t_div(t_sub(aqq, app), t_add(apq, apq));
            let root = t_sqrt(t_add(t_one(), t_mul(tau, tau)));
            var tt: T;
            if (t_le(t_zero(), tau)) {
                tt = t_div(t_one(), t_add(tau, root));
            } else {
                tt = t_div(t_neg(t_one()), t_add(t_neg(tau), root));
            }
            c = t_div(t_one(), t_sqrt(t_add(t_one(), t_mul(tt, tt))));
            s = t_mul(tt, c);
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
        a[p * n + j] = t_sub(t_mul(c, x), t_mul(s, y));
        a[q * n + j] = t_add(t_mul(s, x), t_mul(c, y));
    } else {
        let i = other;
        if (i < rows) {
            let x = a[i * n + p];
            let y = a[i * n + q];
            a[i * n + p] = t_sub(t_mul(c, x), t_mul(s, y));
            a[i * n + q] = t_add(t_mul(s, x), t_mul(c, y));
        }
        if (i < n) {
            let vx = v[i * n + p];
            let vy = v[i * n + q];
            v[i * n + p] = t_sub(t_mul(c, vx), t_mul(s, vy));
            v[i * n + q] = t_add(t_mul(s, vx), t_mul(c, vy));
        }
    }
}

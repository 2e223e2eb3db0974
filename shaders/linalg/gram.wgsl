// Scatter and cross products of centered, scaled data without a centered copy: one job adds
// Σ_r za_r[i] zb_r[j] over the rows r of one chunk of rows, for one 64 x 64 tile (i, j) of
// the output, where za_r = (a[r] - ca) * sa and zb_r = (b[r] - cb) * sb are formed as the rows
// are loaded. ca is one row of `aux`, or the row codes[r] of a matrix in `aux` (class means);
// cb one row; sa and sb rows of column factors; each optional. With A = B (X^T X) only the
// tiles on and below the diagonal are jobs. Each job writes its tile to its own 64 x 64 slot
// of `partials` (slot = job: [chunk][tile pair]); the chunks are summed afterwards, so every
// workgroup has work even where the output has few tiles (a 300 x 300 Gram has 15).
// Layout and loop structure as matmul.wgsl: 16 x 16 threads own 4 x 4 outputs each, 16 rows
// of A and B are staged in workgroup memory at a time.
// Params written by src/backend/gpu/gram.rs.
struct GramParams {
    n: u32,             // rows of A and B
    pa: u32,            // columns of A: output rows
    pb: u32,            // columns of B: output columns
    chunk_rows: u32,    // rows per chunk (the last may have fewer)
    tiles_b: u32,       // output tiles along pb
    lower: u32,         // 1: jobs are the tiles with tile column <= tile row
    jobs_per_chunk: u32,
    first_job: u32,     // job of this dispatch's first workgroup
    first_row: u32,     // row at a_start / b_start / codes_start (window-relative offsets)
    a_start: u32,
    b_start: u32,
    codes_start: u32,
    partials_start: u32,
    center_a: u32,      // 0 none, 1 by the row at ca_start, 2 by row codes[r] of the matrix at ca_start
    ca_start: u32,
    scale_a: u32,       // 1 to scale A's columns by the row at sa_start
    sa_start: u32,
    center_b: u32,      // as center_a, for B
    cb_start: u32,
    scale_b: u32,       // 1 to scale B's columns by the row at sb_start
    sb_start: u32,
}
@group(0) @binding(0) var<storage, read> params: GramParams;
@group(0) @binding(1) var<storage, read> a: array<T>;
@group(0) @binding(2) var<storage, read> b: array<T>;
@group(0) @binding(3) var<storage, read> codes: array<u32>;
@group(0) @binding(4) var<storage, read> aux: array<T>;
@group(0) @binding(5) var<storage, read_write> partials: array<T>;

const TILE: u32 = 64u;
const BK: u32 = 16u;

var<workgroup> a_tile: array<T, 1024>;   // [BK][TILE]
var<workgroup> b_tile: array<T, 1024>;   // [BK][TILE]

// v, the value at row r (window-relative wr) and column `col` of an operand `width` wide,
// centered and scaled as the flags say.
fn adjust(v: T, wr: u32, col: u32, width: u32, center: u32, c_start: u32, scale: u32, s_start: u32) -> T {
    var z = v;
    if (center == 1u) {
        z = t_sub(z, aux[c_start + col]);
    } else if (center == 2u) {
        z = t_sub(z, aux[c_start + codes[params.codes_start + wr] * width + col]);
    }
    if (scale == 1u) { z = t_mul(z, aux[s_start + col]); }
    return z;
}

fn load_a(r: u32, i: u32, end: u32) -> T {
    if (r >= end || i >= params.pa) { return t_zero(); }
    let wr = r - params.first_row;
    let v = a[params.a_start + wr * params.pa + i];
    return adjust(v, wr, i, params.pa, params.center_a, params.ca_start, params.scale_a, params.sa_start);
}

fn load_b(r: u32, j: u32, end: u32) -> T {
    if (r >= end || j >= params.pb) { return t_zero(); }
    let wr = r - params.first_row;
    let v = b[params.b_start + wr * params.pb + j];
    return adjust(v, wr, j, params.pb, params.center_b, params.cb_start, params.scale_b, params.sb_start);
}

@compute @workgroup_size(16, 16)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_id) lid3: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
    let job = params.first_job + wg.x + wg.y * nwg.x;
    let chunk = job / params.jobs_per_chunk;
    let pair = job % params.jobs_per_chunk;
    var ti = pair / params.tiles_b;
    var tj = pair % params.tiles_b;
    if (params.lower == 1u) {
        // pair = ti (ti + 1) / 2 + tj with tj <= ti; the float root can be off by one.
        ti = u32((sqrt(8.0 * f32(pair) + 1.0) - 1.0) * 0.5);
        if ((ti + 1u) * (ti + 2u) / 2u <= pair) { ti = ti + 1u; }
        if (ti * (ti + 1u) / 2u > pair) { ti = ti - 1u; }
        tj = pair - ti * (ti + 1u) / 2u;
    }
    let m0 = ti * TILE;
    let n0 = tj * TILE;
    let start = chunk * params.chunk_rows;
    let end = min(start + params.chunk_rows, params.n);
    let tx = lid3.x;
    let ty = lid3.y;
    var acc: array<array<T, 4>, 4>;
    for (var i = 0u; i < 4u; i = i + 1u) {
        for (var j = 0u; j < 4u; j = j + 1u) {
            acc[i][j] = t_zero();
        }
    }
    for (var r0 = start; r0 < end; r0 = r0 + BK) {
        // Each thread stages 4 elements of each tile; neighbouring threads read neighbouring
        // columns of a row.
        for (var s = 0u; s < 4u; s = s + 1u) {
            let e = lid + s * 256u;
            let kk = e / TILE;
            let c = e % TILE;
            a_tile[kk * TILE + c] = load_a(r0 + kk, m0 + c, end);
            b_tile[kk * TILE + c] = load_b(r0 + kk, n0 + c, end);
        }
        workgroupBarrier();
        for (var kk = 0u; kk < BK; kk = kk + 1u) {
            var av: array<T, 4>;
            var bv: array<T, 4>;
            for (var i = 0u; i < 4u; i = i + 1u) {
                av[i] = a_tile[kk * TILE + ty + 16u * i];
                bv[i] = b_tile[kk * TILE + tx + 16u * i];
            }
            for (var i = 0u; i < 4u; i = i + 1u) {
                for (var j = 0u; j < 4u; j = j + 1u) {
                    acc[i][j] = t_fma(av[i], bv[j], acc[i][j]);
                }
            }
        }
        workgroupBarrier();
    }
    let base = params.partials_start + (job - params.first_job) * TILE * TILE;
    for (var i = 0u; i < 4u; i = i + 1u) {
        for (var j = 0u; j < 4u; j = j + 1u) {
            partials[base + (ty + 16u * i) * TILE + tx + 16u * j] = acc[i][j];
        }
    }
}

// An elementwise chain in one pass: acc = a, then each step in turn replaces acc by a unary op
// of it, or by a binary op of it and an operand (b or c, broadcast as in binary.wgsl, on either
// side). No intermediate array is written. The program is in pipeline constants, so the
// backend compiler folds the switches into straight-line code. Step code (ops::Chain):
//   bits 0-7  the op, in its family's table
//   bits 8-9  0 float unary, 1 numeric unary, 2 binary acc OP operand, 3 binary operand OP acc
//   bit 10    the operand: 0 b, 1 c
override STEPS: u32 = 0u;
override OPERANDS: u32 = 0u;
override S0: u32 = 0u;
override S1: u32 = 0u;
override S2: u32 = 0u;
override S3: u32 = 0u;
override S4: u32 = 0u;
override S5: u32 = 0u;
override S6: u32 = 0u;
override S7: u32 = 0u;

@group(0) @binding(1) var<storage, read> a: array<T>;
@group(0) @binding(2) var<storage, read> b: array<T>;
@group(0) @binding(3) var<storage, read> c: array<T>;
@group(0) @binding(4) var<storage, read_write> dst: array<T>;

// The switches are generated from the op tables (ops::op_tables).
fn unary_float(op: u32, x: T) -> T {
    switch op {
        FLOAT_CASES(x)
    }
}

fn unary_numeric(op: u32, x: T) -> T {
    switch op {
        NUMERIC_CASES(x)
    }
}

fn binary(op: u32, x: T, y: T) -> T {
    switch op {
        BINARY_CASES(x, y)
    }
}

fn step(code: u32, acc: T, y: T, z: T) -> T {
    let op = code & 0xffu;
    var other = y;
    if ((code & 0x400u) != 0u) { other = z; }
    switch (code >> 8u) & 3u {
        case 0u: { return unary_float(op, acc); }
        case 1u: { return unary_numeric(op, acc); }
        case 2u: { return binary(op, acc, other); }
        default: { return binary(op, other, acc); }
    }
}

@compute @workgroup_size(256)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
    let i = flat_id(wg, nwg, lid);
    if (i >= params.len) { return; }
    let g = params.first + i;
    var acc = a[in_index(0u, g)];
    // Unused operand slots are bound to `a` and never read.
    var y = acc;
    var z = acc;
    if (OPERANDS > 0u) { y = b[in_index(1u, g)]; }
    if (OPERANDS > 1u) { z = c[in_index(2u, g)]; }
    if (STEPS > 0u) { acc = step(S0, acc, y, z); }
    if (STEPS > 1u) { acc = step(S1, acc, y, z); }
    if (STEPS > 2u) { acc = step(S2, acc, y, z); }
    if (STEPS > 3u) { acc = step(S3, acc, y, z); }
    if (STEPS > 4u) { acc = step(S4, acc, y, z); }
    if (STEPS > 5u) { acc = step(S5, acc, y, z); }
    if (STEPS > 6u) { acc = step(S6, acc, y, z); }
    if (STEPS > 7u) { acc = step(S7, acc, y, z); }
    dst[out_index(g)] = acc;
}

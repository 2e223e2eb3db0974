// Unary functions defined for every numeric T; OP is a pipeline constant.
override OP: u32 = 0u;

@group(0) @binding(1) var<storage, read> a: array<T>;
@group(0) @binding(2) var<storage, read_write> dst: array<T>;

// The switch over OP is generated from the op table (ops::op_tables::UnaryNumericOp).
fn apply(x: T) -> T {
    switch OP {
        OP_CASES(x)
    }
}

@compute @workgroup_size(256)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
    let i = flat_id(wg, nwg, lid);
    if (i >= params.len) { return; }
    let g = params.first + i;
    let x = a[in_index(0u, g)];
    dst[out_index(g)] = apply(x);
}

// out = (a CMP b) as 0/1 with broadcasting. Comparisons with NaN are false, except !=.
override OP: u32 = 0u;

fn ordered(x: T, y: T) -> bool { return !t_isnan(x) && !t_isnan(y); }
fn eq(x: T, y: T) -> bool { return ordered(x, y) && t_eq(x, y); }
fn ne(x: T, y: T) -> bool { return !eq(x, y); }
fn lt(x: T, y: T) -> bool { return ordered(x, y) && t_lt(x, y); }
fn le(x: T, y: T) -> bool { return ordered(x, y) && t_le(x, y); }
fn gt(x: T, y: T) -> bool { return lt(y, x); }
fn ge(x: T, y: T) -> bool { return le(y, x); }

// The switch over OP is generated from the op table (ops::op_tables::CompareOp).
fn apply(x: T, y: T) -> bool {
    switch OP {
        OP_CASES(x, y)
    }
}

@group(0) @binding(1) var<storage, read> a: array<T>;
@group(0) @binding(2) var<storage, read> b: array<T>;
@group(0) @binding(3) var<storage, read_write> dst: array<u32>;

@compute @workgroup_size(256)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
    let i = flat_id(wg, nwg, lid);
    if (i >= params.len) { return; }
    let g = params.first + i;
    let x = a[in_index(0u, g)];
    let y = b[in_index(1u, g)];
    dst[out_index(g)] = select(0u, 1u, apply(x, y));
}

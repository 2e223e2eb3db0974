// Indexing for the elementwise kernels: NumPy broadcasting over up to 8 axes, strided reads
// and writes (transposes, slices, concatenation), and windowed bindings for arrays larger
// than one storage binding. The layout is written by src/backend/gpu/elementwise.rs:
//   params[0]        elements in this dispatch
//   params[1]        number of axes
//   params[2]        global iteration index of the first element of this dispatch
//   params[3]        1 when every operand is indexed exactly like the iteration
//   params[4 + k]    operand k's window start minus its element offset (wrapping); k = 3 is the output
//   params[8 + d]    iteration extent of axis d
//   params[16 + 8k + d]  stride of operand k along axis d, 0 where it broadcasts
@group(0) @binding(0) var<storage, read> params: array<u32>;

const WG: u32 = 256u;
const OUT: u32 = 3u;

fn flat_id(wg: vec3<u32>, nwg: vec3<u32>, lid: u32) -> u32 {
    return (wg.x + wg.y * nwg.x) * WG + lid;
}

// Index of iteration element g in operand k's binding window. u32 arithmetic wraps, which the
// window base relies on.
fn index_of(k: u32, g: u32) -> u32 {
    if (params[3] == 1u) {
        return g - params[4u + k];
    }
    var rem = g;
    var idx = 0u;
    for (var d = params[1]; d > 0u; d = d - 1u) {
        let extent = params[7u + d];
        idx = idx + (rem % extent) * params[15u + 8u * k + d];
        rem = rem / extent;
    }
    return idx - params[4u + k];
}

fn in_index(k: u32, g: u32) -> u32 {
    return index_of(k, g);
}

fn out_index(g: u32) -> u32 {
    return index_of(OUT, g);
}

// Indexing for the elementwise kernels: NumPy broadcasting over up to 8 axes, strided reads
// and writes (transposes, slices, concatenation), and windowed bindings for arrays larger
// than one storage binding. Written by src/backend/gpu/elementwise.rs (NdParams):
//   len          elements in this dispatch
//   axes         number of axes
//   first        global iteration index of the first element of this dispatch
//   contiguous   1 when every operand is indexed exactly like the iteration
//   base[k]      operand k's window start minus its element offset (wrapping); k = 3 is the output
//   extent[d]    iteration extent of axis d
//   stride[k][d] stride of operand k along axis d, 0 where it broadcasts
struct NdParams {
    len: u32,
    axes: u32,
    first: u32,
    contiguous: u32,
    base: array<u32, 4>,
    extent: array<u32, 8>,
    stride: array<array<u32, 8>, 4>,
}
@group(0) @binding(0) var<storage, read> params: NdParams;

const WG: u32 = 256u;
const OUT: u32 = 3u;

fn flat_id(wg: vec3<u32>, nwg: vec3<u32>, lid: u32) -> u32 {
    return (wg.x + wg.y * nwg.x) * WG + lid;
}

// Index of iteration element g in operand k's binding window. u32 arithmetic wraps, which the
// window base relies on.
fn index_of(k: u32, g: u32) -> u32 {
    if (params.contiguous == 1u) {
        return g - params.base[k];
    }
    var rem = g;
    var idx = 0u;
    for (var d = params.axes; d > 0u; d = d - 1u) {
        let extent = params.extent[d - 1u];
        idx = idx + (rem % extent) * params.stride[k][d - 1u];
        rem = rem / extent;
    }
    return idx - params.base[k];
}

fn in_index(k: u32, g: u32) -> u32 {
    return index_of(k, g);
}

fn out_index(g: u32) -> u32 {
    return index_of(OUT, g);
}

// A kernel that adds two T with a raw `+`: tests/shaders.rs checks that the probe prelude
// refuses it, and accepts the same kernel written with t_add.
@group(0) @binding(0) var<storage, read_write> d: array<T>;

@compute @workgroup_size(1)
fn main() {
    d[0] = d[0] + d[1];
}

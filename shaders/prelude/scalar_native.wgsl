// Arithmetic and comparisons shared by the native scalar types (f32, f64, i32 and u32), after
// their own prelude. An emulated T defines these itself.
fn t_add(a: T, b: T) -> T { return a + b; }
fn t_sub(a: T, b: T) -> T { return a - b; }
fn t_mul(a: T, b: T) -> T { return a * b; }
fn t_div(a: T, b: T) -> T { return a / b; }
fn t_lt(a: T, b: T) -> bool { return a < b; }
fn t_le(a: T, b: T) -> bool { return a <= b; }
fn t_eq(a: T, b: T) -> bool { return a == b; }
fn t_min(a: T, b: T) -> T { return min(a, b); }
fn t_max(a: T, b: T) -> T { return max(a, b); }

// The double-float ("df64") scalar: the unevaluated sum hi + lo of two f32 with
// |lo| <= ulp(hi) / 2, about 48 significant bits over f32's exponent range. It stores f64
// arrays in 8 bytes on adapters without SHADER_F64 (Float64::Emulate); the host splits each
// f64 into the pair on upload and adds the pair back on readback. Declared apart from its
// helpers, since a kernel may read it as its source type S while T is another type.
struct Df64 { hi: f32, lo: f32 }

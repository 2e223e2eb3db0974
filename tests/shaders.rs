//! Every kernel, instantiated for every element type it supports, parses and validates with
//! naga: native f64 instantiations with the FLOAT64 capability, all others (df64 included)
//! without it. Every float
//! kernel also validates over a probe prelude whose T is a struct, so a kernel that touches T
//! other than through the t_* helpers fails here. Every `.wgsl` file under shaders/ must be part
//! of some kernel.

use std::path::Path;
use wglearn::backend::gpu::shaders::{compose, compose_with, Scalar, ALL, COMMON};
use wglearn::DType;

fn validate(src: &str, f64: bool) -> Result<(), String> {
    let module = naga::front::wgsl::parse_str(src).map_err(|e| e.emit_to_string(src))?;
    let caps = if f64 { naga::valid::Capabilities::FLOAT64 } else { naga::valid::Capabilities::empty() };
    naga::valid::Validator::new(naga::valid::ValidationFlags::all(), caps)
        .validate(&module)
        .map_err(|e| format!("{}\n{:?}", e.emit_to_string(src), e.into_inner()))?;
    Ok(())
}

#[test]
fn every_kernel_instantiation_validates() {
    let mut count = 0;
    for k in ALL {
        let sources: Vec<Option<Scalar>> =
            if k.s_types.is_empty() { vec![None] } else { Scalar::all_of(k.s_types).into_iter().map(Some).collect() };
        for t in Scalar::all_of(k.t_types) {
            for &s in &sources {
                // A device either has native f64 or emulates it: the two never meet.
                if t == Scalar::F64 && s == Some(Scalar::Df64) || t == Scalar::Df64 && s == Some(Scalar::F64) {
                    continue;
                }
                let uses_f64 = t.needs_shader_f64() || s.is_some_and(Scalar::needs_shader_f64);
                let src = compose(k, t, s);
                if let Err(e) = validate(&src, uses_f64) {
                    panic!("kernel {} (T = {t:?}, S = {s:?}) does not validate:\n{e}", k.name);
                }
                if !uses_f64 {
                    // Without FLOAT64 the same source must still validate: it must not touch f64.
                    validate(&src, false).unwrap();
                } else {
                    assert!(validate(&src, false).is_err(), "kernel {} (T = {t:?}) validated without FLOAT64", k.name);
                }
                count += 1;
            }
        }
    }
    assert!(count > 10, "only {count} instantiations");
}

#[test]
fn every_kernel_params_struct_mirrors_its_rust_struct() {
    for k in ALL {
        let first = |d: &[DType]| d.first().map(|&d| Scalar::of(d, false));
        let src = compose(k, first(k.t_types).unwrap(), first(k.s_types));
        let module = naga::front::wgsl::parse_str(&src).unwrap();
        let (_, var) = module
            .global_variables
            .iter()
            .find(|(_, v)| v.name.as_deref() == Some("params"))
            .unwrap_or_else(|| panic!("kernel {} has no `params` binding", k.name));
        assert_eq!((var.binding.as_ref().map(|b| (b.group, b.binding))), Some((0, 0)), "kernel {}", k.name);
        let ty = &module.types[var.ty];
        let naga::TypeInner::Struct { members, span } = &ty.inner else {
            panic!("kernel {}: `params` is not a struct", k.name);
        };
        assert_eq!(ty.name.as_deref(), Some(k.params.name), "kernel {}: params struct name", k.name);
        let names: Vec<&str> = members.iter().map(|m| m.name.as_deref().unwrap_or("")).collect();
        assert_eq!(names, k.params.fields, "kernel {}: fields of {}", k.name, k.params.name);
        assert_eq!(*span as usize, k.params.size, "kernel {}: size of {}", k.name, k.params.name);
    }
}

const PROBE: &str = include_str!("../shaders/prelude/scalar_probe.wgsl");

#[test]
fn float_kernels_touch_t_only_through_the_helpers() {
    let mut count = 0;
    for k in ALL.iter().filter(|k| k.t_types.contains(&DType::F32)) {
        // An f64 source is composed only where T is a native scalar (prelude/src_f64.wgsl).
        let sources: Vec<Option<Scalar>> = if k.s_types.is_empty() {
            vec![None]
        } else {
            k.s_types.iter().filter(|&&s| s != DType::F64).map(|&s| Some(Scalar::of(s, false))).collect()
        };
        for s in sources {
            let src = compose_with(&[PROBE, COMMON], k, s);
            if let Err(e) = validate(&src, false) {
                panic!("kernel {} (S = {s:?}) uses T other than through the t_* helpers:\n{e}", k.name);
            }
            count += 1;
        }
    }
    assert!(count >= 20, "only {count} float kernels probed");
}

#[test]
fn the_probe_refuses_raw_operators_on_t() {
    // The guard itself: a kernel adding two T with `+` must fail over the probe.
    let raw = include_str!("shaders/raw_operator.wgsl");
    let src = [PROBE, COMMON, raw].join("\n");
    assert!(validate(&src, false).is_err());
    let through_helpers = raw.replace("d[0] + d[1]", "t_add(d[0], d[1])");
    validate(&[PROBE, COMMON, &through_helpers].join("\n"), false).unwrap();
}

#[test]
fn every_wgsl_file_belongs_to_a_kernel() {
    // The preludes through composition, the kernels' own sources as written (op families
    // splice their switch in at composition).
    let mut all: String = ALL
        .iter()
        .flat_map(|k| {
            let sources: Vec<Option<Scalar>> = match k.s_types.is_empty() {
                true => vec![None],
                false => Scalar::all_of(k.s_types).into_iter().map(Some).collect(),
            };
            Scalar::all_of(k.t_types)
                .into_iter()
                .flat_map(move |t| sources.clone().into_iter().map(move |s| compose(k, t, s)))
        })
        .collect();
    all.extend(ALL.iter().flat_map(|k| k.sources.iter().copied()));
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("shaders");
    let mut stack = vec![root];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "wgsl") {
                let text = std::fs::read_to_string(&path).unwrap();
                let name = path.file_name().unwrap().to_string_lossy().into_owned();
                let not_in_kernels = name.starts_with("src_") || text == PROBE;
                assert!(not_in_kernels || all.contains(&text), "{} is not used by any kernel", path.display());
            }
        }
    }
}

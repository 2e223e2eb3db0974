//! Every kernel, instantiated for every element type it supports, parses and validates with
//! naga: f64 instantiations with the FLOAT64 capability, all others without it. Every `.wgsl`
//! file under shaders/ must be part of some kernel.

use std::path::Path;
use wglearn::backend::gpu::shaders::{compose, ALL};
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
        let sources: Vec<Option<DType>> =
            if k.s_types.is_empty() { vec![None] } else { k.s_types.iter().copied().map(Some).collect() };
        for &t in k.t_types {
            for &s in &sources {
                let uses_f64 = t == DType::F64 || s == Some(DType::F64);
                let src = compose(k, t, s);
                if let Err(e) = validate(&src, uses_f64) {
                    panic!("kernel {} (T = {t}, S = {s:?}) does not validate:\n{e}", k.name);
                }
                if !uses_f64 {
                    // Without FLOAT64 the same source must still validate: it must not touch f64.
                    validate(&src, false).unwrap();
                } else {
                    assert!(validate(&src, false).is_err(), "kernel {} (T = {t}) validated without FLOAT64", k.name);
                }
                count += 1;
            }
        }
    }
    assert!(count > 10, "only {count} instantiations");
}

#[test]
fn every_wgsl_file_belongs_to_a_kernel() {
    let all: String =
        ALL.iter().flat_map(|k| k.t_types.iter().map(move |&t| compose(k, t, k.s_types.first().copied()))).collect();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("shaders");
    let mut stack = vec![root];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "wgsl") {
                let text = std::fs::read_to_string(&path).unwrap();
                let is_src_alias = path.file_name().unwrap().to_string_lossy().starts_with("src_");
                assert!(is_src_alias || all.contains(&text), "{} is not used by any kernel", path.display());
            }
        }
    }
}

//! Every Error variant, provoked through the public API on every path where it applies.

#[macro_use]
mod common;

use common::*;
#[cfg(not(target_arch = "wasm32"))]
use wglearn::device::Backends;
use wglearn::prelude::*;

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

suite_test! {
    async fn shape_mismatch_names_both_shapes(paths) {
        for p in paths {
            let a = Array::zeros(&p.device, &[2, 3], DType::F64).unwrap();
            let b = Array::zeros(&p.device, &[4], DType::F64).unwrap();
            let e = ops::add(&a, &b).unwrap_err();
            assert!(matches!(e, Error::ShapeMismatch { op: "add", .. }), "{}: {e}", p.name);
            assert!(e.to_string().contains("[2, 3]") && e.to_string().contains("[4]"), "{e}");
            let e = Array::from_vec(&p.device, vec![1.0f32; 5], &[2, 3]).unwrap_err();
            assert!(e.to_string().contains("5 values"), "{e}");
        }
    }
}

suite_test! {
    async fn non_finite_values_are_counted_and_located(paths) {
        for p in paths {
            let a = Array::from_slice(&p.device, &[1.0, f64::NAN, 2.0, f64::INFINITY, 3.0]).unwrap();
            match ops::ensure_finite(&a, "X", "fit").await {
                Err(e @ Error::NonFinite { op: "fit", arg: "X", count: 2, .. }) => {
                    assert!(matches!(&e, Error::NonFinite { at, .. } if at == &[1]), "{}: {e}", p.name);
                    assert!(e.to_string().starts_with("fit: Input X contains 2 non-finite value(s)"), "{e}");
                }
                other => panic!("{}: {other:?}", p.name),
            }
            let ok = Array::from_slice(&p.device, &[1.0f32, 2.0]).unwrap();
            ops::ensure_finite(&ok, "X", "fit").await.unwrap();
        }
    }
}

suite_test! {
    async fn a_product_that_overflows_from_finite_data_is_returned(paths) {
        // predict checks finiteness on its product; an inf there from finite X is an overflow,
        // which scikit-learn returns too, not an input error.
        use wglearn::estimator::{FitSupervised, Predict};
        use wglearn::linear_model::Ridge;
        for p in paths {
            let x = Array::from_vec(&p.device, vec![1.0f32, 0.0, 0.0, 1.0, 1.0, 1.0, 2.0, 0.5], &[4, 2]).unwrap();
            let y = Array::from_vec(&p.device, vec![1e30f32, 1e30, 2e30, 2.5e30], &[4]).unwrap();
            let mut m = Ridge::new().alpha(1e-6);
            m.fit(&x, &y).await.unwrap();
            let huge = Array::from_vec(&p.device, vec![1e20f32, 1e20, 0.0, 0.0], &[2, 2]).unwrap();
            let out = m.predict(&huge).await.unwrap_or_else(|e| panic!("{}: {e}", p.name));
            let out = out.to_vec::<f32>().await.unwrap();
            assert!(out[0].is_infinite() && out[1].is_finite(), "{}: {out:?}", p.name);
        }
    }
}

suite_test! {
    async fn empty_input_is_refused_where_nothing_is_defined(paths) {
        for p in paths {
            let e = Array::zeros(&p.device, &[0], DType::F32).unwrap();
            assert!(matches!(ops::min(&e, None, false), Err(Error::EmptyInput { op: "min", .. })), "{}", p.name);
            assert!(matches!(ops::argmax(&e, None), Err(Error::EmptyInput { op: "argmax", .. })), "{}", p.name);
            assert!(matches!(ops::concat(&[], 0), Err(Error::EmptyInput { op: "concat", .. })));
        }
    }
}

suite_test! {
    async fn dtype_mismatch_names_what_was_expected(paths) {
        for p in paths {
            let a = Array::zeros(&p.device, &[3], DType::F32).unwrap();
            let i = Array::zeros(&p.device, &[2], DType::F32).unwrap();
            let e = ops::take(&a, &i, 0).await.unwrap_err();
            assert!(matches!(e, Error::DTypeMismatch { op: "take", got: DType::F32, .. }), "{}: {e}", p.name);
            let b = Array::zeros(&p.device, &[3], DType::I32).unwrap();
            assert!(matches!(ops::concat(&[&a, &b], 0), Err(Error::DTypeMismatch { op: "concat", .. })));
        }
    }
}

suite_test! {
    async fn device_mismatch_is_never_an_implicit_copy(paths) {
        let cpu = Device::cpu();
        for p in gpus(paths) {
            let a = Array::zeros(&cpu, &[2], DType::F32).unwrap();
            let b = Array::zeros(&p.device, &[2], DType::F32).unwrap();
            let e = ops::matmul(&a, &b).unwrap_err();
            assert!(matches!(e, Error::DeviceMismatch { .. }), "{}: {e}", p.name);
            assert!(e.to_string().contains("cpu") && e.to_string().contains("gpu#"), "{e}");
        }
        // Two devices on one adapter (different options) still have different names.
        let gpus: Vec<_> = gpus(paths).collect();
        for pair in gpus.windows(2) {
            let a = Array::zeros(&pair[0].device, &[2], DType::F32).unwrap();
            let b = Array::zeros(&pair[1].device, &[2], DType::F32).unwrap();
            match ops::add(&a, &b) {
                Err(Error::DeviceMismatch { left, right, .. }) => assert_ne!(left, right),
                other => panic!("{} and {}: {other:?}", pair[0].name, pair[1].name),
            }
        }
    }
}

suite_test! {
    async fn out_of_range_indices_axes_and_values(paths) {
        for p in paths {
            let a = Array::zeros(&p.device, &[2, 3], DType::F32).unwrap();
            assert!(
                matches!(ops::sum(&a, Some(-3), false), Err(Error::AxisOutOfRange { axis: -3, ndim: 2, .. })),
                "{}",
                p.name
            );
            assert!(matches!(a.slice_axis(1, 2, 4), Err(Error::IndexOutOfBounds { axis: 1, size: 3, .. })), "{}", p.name);
            let big = ndarray::arr1(&[1i64, 3_000_000_000]);
            match Array::from_ndarray(&p.device, &big) {
                Err(Error::ValueOutOfRange { value, target: DType::I32 }) => assert_eq!(value, "3000000000"),
                other => panic!("{}: {other:?}", p.name),
            }
        }
    }
}

suite_test! {
    async fn invalid_parameters_name_the_parameter(paths) {
        for p in paths {
            let e = Array::arange(&p.device, 0.0, 1.0, 0.0, DType::F32).unwrap_err();
            assert!(matches!(e, Error::InvalidParameter { name: "step", .. }), "{}: {e}", p.name);
            let e = ops::clip(&Array::zeros(&p.device, &[1], DType::F32).unwrap(), Some(2.0), Some(1.0)).unwrap_err();
            assert!(matches!(e, Error::InvalidParameter { name: "min", .. }), "{}: {e}", p.name);
        }
    }
}

/// Native only: it names wgpu backends and provokes faults through test hooks.
#[cfg(not(target_arch = "wasm32"))]
#[test]
fn no_adapter_and_unsupported_features() {
    // No adapter exists for an empty backend set.
    let e =
        block_on(Device::gpu_with(GpuOptions { backends: Some(Backends::empty()), ..Default::default() })).unwrap_err();
    assert!(matches!(e, Error::NoAdapter { .. }), "{e}");
    // best() never fails: with no adapter it is the CPU.
    assert!(paths().iter().any(|p| p.device.is_gpu()));
    // Requiring native f64 while hiding it is refused.
    let e = block_on(Device::gpu_with(GpuOptions {
        backends: Some(Backends::VULKAN),
        float64: Float64::Native,
        disable_f64: true,
        ..Default::default()
    }))
    .unwrap_err();
    assert!(matches!(e, Error::Unsupported { .. }), "{e}");
}

suite_test! {
    async fn buffers_over_the_device_limit_are_refused(paths) {
        for p in gpus(paths) {
            let limit = p.device.info().max_buffer_size;
            let n = (limit / 4 + 1) as usize;
            match Array::zeros(&p.device, &[n], DType::F32) {
                Err(Error::BufferTooLarge { requested, limit: l, limit_name: "max_buffer_size", .. }) => {
                    assert!(requested > l, "{}", p.name)
                }
                // On wasm32 (a browser's 1 GiB WebGPU buffers) that many elements are past
                // what the 32-bit host addresses, which is checked first.
                Err(Error::ShapeTooLarge { op: "zeros", .. }) if cfg!(target_pointer_width = "32") => {}
                other => panic!("{}: {other:?}", p.name),
            }
        }
    }
}

/// Native only: it names wgpu backends and provokes faults through test hooks.
#[cfg(not(target_arch = "wasm32"))]
#[test]
fn out_of_memory_and_device_loss_surface_as_errors() {
    for (i, p) in gpu_paths().enumerate() {
        // A device of its own (Device::gpu_with gives one device per options, and the shared
        // ones use high performance), so that losing it does not disturb the others.
        if p.name == "vulkan-windows" {
            continue;
        }
        let backends = if p.name == "gl" { Backends::GL } else { Backends::VULKAN };
        let options = GpuOptions {
            backends: Some(backends),
            power_preference: wglearn::device::PowerPreference::LowPower,
            ..Default::default()
        };
        let dev = block_on(Device::gpu_with(options)).unwrap();
        let a = Array::zeros(&dev, &[4], DType::F32).unwrap();
        dev.testing_report_out_of_memory();
        match Array::zeros(&dev, &[8], DType::F32) {
            Err(Error::OutOfMemory { requested }) => assert!(requested > 0, "{}", p.name),
            other => panic!("{}: {other:?}", p.name),
        }
        // The error is reported once; the device keeps working.
        assert_eq!(block_on(a.to_vec::<f32>()).unwrap(), vec![0.0; 4], "{}", p.name);
        if i == 0 {
            dev.testing_lose();
            let e = ops::add(&a, &a).unwrap_err();
            assert!(matches!(e, Error::DeviceLost { .. }), "{}: {e}", p.name);
        }
    }
}

/// Native only: it names wgpu backends and provokes faults through test hooks.
#[cfg(not(target_arch = "wasm32"))]
#[test]
fn the_same_options_give_the_same_device() {
    if gpu_paths().next().is_some() {
        let options = GpuOptions { backends: Some(Backends::VULKAN), ..Default::default() };
        let (a, b) =
            (block_on(Device::gpu_with(options.clone())).unwrap(), block_on(Device::gpu_with(options)).unwrap());
        assert!(a.same(&b));
        let x = Array::ones(&a, &[3], DType::F32).unwrap();
        let y = Array::ones(&b, &[3], DType::F32).unwrap();
        assert_eq!(block_on(ops::add(&x, &y).unwrap().to_vec::<f32>()).unwrap(), vec![2.0; 3]);
    }
    // lavapipe and llvmpipe are software rasterizers: best() keeps to the CPU path.
    if gpu_paths().all(|p| p.device.info().device_type == "cpu") {
        assert!(!block_on(Device::best()).is_gpu());
    }
}

/// Refused for its size on this device: too many elements to address, more host memory than
/// the system gives, or a buffer past the adapter's limit. Never an abort.
fn too_large(e: &Error) -> bool {
    matches!(e, Error::ShapeTooLarge { .. } | Error::HostOutOfMemory { .. } | Error::BufferTooLarge { .. })
}

suite_test! {
    async fn shapes_too_large_are_errors_on_every_device(paths) {
        // 2^80 elements overflow usize; 2^45 float64 elements (256 TiB) pass the count but exceed
        // any host's address space and any adapter's buffer limit.
        let overflow = [usize::MAX / 2 + 1, 4];
        let huge = [1usize << 25, 1 << 20];
        for p in paths {
            let d = &p.device;
            for shape in [&overflow[..], &huge[..]] {
                for (what, r) in [
                    ("zeros", Array::zeros(d, shape, DType::F64)),
                    ("full", Array::full(d, shape, 2.0, DType::F32)),
                    ("normal", ops::Philox::new(0).normal(d, shape, 0.0, 1.0, DType::F64)),
                    ("random_bits", ops::Philox::new(0).random_bits(d, shape)),
                ] {
                    let e = r.unwrap_err();
                    assert!(too_large(&e), "{}: {what} {shape:?}: {e:?}", p.name);
                    assert!(e.to_string().contains(what), "{}: the error names {what}: {e}", p.name);
                }
            }
            assert!(matches!(Array::zeros(d, &overflow, DType::F64), Err(Error::ShapeTooLarge { op: "zeros", .. })));
            let e = Array::eye(d, 1 << 23, None, 0, DType::F64).unwrap_err();
            assert!(too_large(&e), "{}: eye: {e:?}", p.name);
            let e = Array::arange(d, 0.0, 1e300, 1.0, DType::F64).unwrap_err();
            assert!(too_large(&e), "{}: arange: {e:?}", p.name);
            let e = Array::linspace(d, 0.0, 1.0, usize::MAX, true, DType::F32).unwrap_err();
            assert!(too_large(&e), "{}: linspace: {e:?}", p.name);
            let e = Array::from_vec::<f32>(d, vec![], &[usize::MAX, 2, 0]).unwrap_err();
            assert!(matches!(e, Error::ShapeTooLarge { op: "from_vec", .. }), "{}: {e:?}", p.name);
            // Broadcasting and products that would build a huge result from small inputs.
            let col = Array::zeros(d, &[1 << 23, 1], DType::F32).unwrap();
            let row = Array::zeros(d, &[1, 1 << 23], DType::F32).unwrap();
            for (what, r) in [
                ("add", ops::add(&col, &row)),
                ("less", ops::less(&col, &row)),
                ("matmul", ops::matmul(&col, &row)),
                ("outer", ops::outer(&col, &row)),
            ] {
                let e = r.unwrap_err();
                assert!(too_large(&e), "{}: {what}: {e:?}", p.name);
            }
            let e = Array::zeros(d, &[3], DType::F32).unwrap().reshape(&[isize::MAX, 4, 0]).unwrap_err();
            assert!(matches!(e, Error::ShapeMismatch { op: "reshape", .. }), "{}: {e:?}", p.name);
        }
    }
}

suite_test! {
    /// Refused up front, naming the generator: with 2^31 x 2^30 (2^61 elements) the test
    /// process was once killed for its memory before any error came back.
    async fn datasets_too_large_are_errors(paths) {
        use wglearn::datasets::*;
        for p in paths {
            let params = Classification { n_samples: 1 << 31, n_features: 1 << 30, ..Default::default() };
            let e = make_classification(&p.device, &params).await.unwrap_err();
            assert!(too_large(&e) && e.to_string().contains("make_classification"), "{}: make_classification: {e:?}", p.name);
            let params = Blobs { n_samples: usize::MAX, n_features: usize::MAX, ..Default::default() };
            let e = make_blobs(&p.device, &params).await.unwrap_err();
            assert!(too_large(&e) && e.to_string().contains("make_blobs"), "{}: make_blobs: {e:?}", p.name);
            let params = Regression { n_samples: 1 << 31, n_features: 1 << 30, ..Default::default() };
            let e = make_regression(&p.device, &params).await.unwrap_err();
            assert!(too_large(&e) && e.to_string().contains("make_regression"), "{}: make_regression: {e:?}", p.name);
        }
    }
}

suite_test! {
    /// A continuous y given to a classifier is scikit-learn's "Unknown label type" error on
    /// every path, not a class per distinct value ("60 classes for 60 samples").
    async fn a_classifier_refuses_a_continuous_target(paths) {
        use wglearn::discriminant_analysis::LinearDiscriminantAnalysis;
        use wglearn::estimator::FitSupervised;
        for p in paths {
            let x = ops::Philox::new(3).uniform(&p.device, &[12, 2], 0.0, 1.0, DType::F64).unwrap();
            let y = ops::Philox::new(4).uniform(&p.device, &[12], 0.0, 1.0, DType::F64).unwrap();
            match LinearDiscriminantAnalysis::new().fit(&x, &y).await {
                Err(e @ Error::BadTarget { op: "LinearDiscriminantAnalysis.fit", .. }) => {
                    assert!(e.to_string().contains("Unknown label type: continuous"), "{}: {e}", p.name)
                }
                r => panic!("{}: {r:?}", p.name),
            }
            // Integral floats are classes.
            let y = Array::from_vec(&p.device, (0..12).map(|i| f64::from(i % 3)).collect::<Vec<_>>(), &[12]).unwrap();
            LinearDiscriminantAnalysis::new().fit(&x, &y).await.unwrap_or_else(|e| panic!("{}: {e}", p.name));
        }
    }
}

suite_test! {
    /// Finite X whose squares overflow: Ridge's normal equations are infinite, which one
    /// device's Cholesky refused and another's solved into finite predictions. Every device
    /// with float64's range gives the same named error now (scikit-learn's solver raises too).
    async fn an_overflowing_fit_is_the_same_error_on_every_device(paths) {
        use wglearn::estimator::FitSupervised;
        use wglearn::linear_model::Ridge;
        let mut xs: Vec<f64> = (0..40).map(|i| f64::from(i % 7) - 3.0 + f64::from(i) * 0.01).collect();
        xs[7] = 1e300;
        let y: Vec<f64> = (0..20).map(|i| f64::from(i) * 0.5).collect();
        for p in paths {
            let x = Array::from_vec(&p.device, xs.clone(), &[20, 2]).unwrap();
            let y = Array::from_vec(&p.device, y.clone(), &[20]).unwrap();
            let r = Ridge::new().fit(&x, &y).await;
            if p.device.info().float64 == Float64::Native {
                match r {
                    Err(e @ Error::Overflow { op: "Ridge.fit", .. }) => {
                        assert!(e.to_string().contains("overflowed float64"), "{}: {e}", p.name)
                    }
                    r => panic!("{}: {r:?}", p.name),
                }
            } else {
                // float64 with f32's exponent range holds 1e300 as inf today: an error all
                // the same (refusing it at upload, naming the range, is issue 31's df64 part).
                assert!(r.is_err(), "{}: a fit on 1e300 succeeded", p.name);
            }
        }
    }
}

suite_test! {
    /// A non-finite value names the argument that holds it and the function the user called,
    /// as scikit-learn's "Input y_pred contains NaN" (not the inner roc_curve).
    async fn non_finite_input_names_the_argument_and_the_function_called(paths) {
        use wglearn::metrics;
        for p in paths {
            let d = &p.device;
            let y = Array::from_vec(d, vec![0.0f64, 1.0, 1.0, 0.0], &[4]).unwrap();
            let bad = Array::from_vec(d, vec![0.1f64, f64::NAN, 0.8, 0.3], &[4]).unwrap();
            let named = |r: Result<f64>| match r {
                Err(Error::NonFinite { op, arg, .. }) => (op, arg),
                r => panic!("{}: {r:?}", p.name),
            };
            assert_eq!(named(metrics::r2_score(&y, &bad).await), ("r2_score", "y_pred"), "{}", p.name);
            assert_eq!(named(metrics::r2_score(&bad, &y).await), ("r2_score", "y_true"), "{}", p.name);
            assert_eq!(named(metrics::roc_auc_score(&y, &bad).await), ("roc_auc_score", "y_score"), "{}", p.name);
            assert_eq!(named(metrics::average_precision_score(&y, &bad).await), ("average_precision_score", "y_score"), "{}", p.name);
        }
    }
}

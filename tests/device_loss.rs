//! A GPU device lost mid-work (as in a driver reset or a browser reclaiming it): the next
//! call is an error, never a panic or a wrong answer, and a device opened afterwards works.
//! In its own binary, since it destroys the device that other tests would share. Natively on
//! the first GPU path; in the browser on WebGPU (`scripts/browser-test.sh`), there also through
//! the JS API.

#[macro_use]
mod common;

use wglearn::prelude::*;

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

suite_test! {
    async fn a_lost_device_fails_its_calls_and_a_new_device_works(paths) {
        let Some(p) = paths.iter().find(|p| p.device.is_gpu()) else { return };
        let a = Array::ones(&p.device, &[4], DType::F32).unwrap();
        assert_eq!(a.to_vec::<f32>().await.unwrap(), vec![1.0; 4], "{}", p.name);
        p.device.testing_lose();
        // Refused when the op is recorded, or else when its answer is read back (a browser
        // reports the loss asynchronously).
        let failed = match ops::add(&a, &a) {
            Err(e) => Some(e),
            Ok(b) => b.to_vec::<f32>().await.err(),
        };
        let e = failed.unwrap_or_else(|| panic!("{}: a call on a lost device succeeded", p.name));
        assert!(matches!(e, Error::DeviceLost { .. } | Error::Gpu(..)), "{}: {e:?}", p.name);
        // What `init` does in the browser: open the GPU again, which replaces the lost device.
        let fresh = Device::gpu().await.unwrap();
        assert!(!fresh.same(&p.device), "{}: the lost device was handed out again", p.name);
        let b = Array::ones(&fresh, &[4], DType::F32).unwrap();
        assert_eq!(ops::add(&b, &b).unwrap().to_vec::<f32>().await.unwrap(), vec![2.0; 4], "{}", p.name);
    }
}

/// The same through the JS API, called from Rust as a page calls it: once the device `init`
/// chose is lost, a metric's Promise rejects with an Error whose `kind` names the failure, and
/// a new `init` recovers.
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen_test::wasm_bindgen_test]
async fn js_calls_on_a_lost_device_reject_and_a_new_init_recovers() {
    use js_sys::{Float32Array, Object, Reflect};
    use wasm_bindgen::JsValue;
    use wasm_bindgen_futures::JsFuture;
    use wglearn::wasm::{init, Metrics};

    let options = Object::new();
    Reflect::set(&options, &"device".into(), &"webgpu".into()).unwrap();
    let info = JsFuture::from(init(options.clone().into())).await.unwrap();
    assert_eq!(Reflect::get(&info, &"device".into()).unwrap().as_string().as_deref(), Some("webgpu"));
    let y = || JsValue::from(Float32Array::from(&[1.0f32, 2.0, 3.0][..]));
    assert_eq!(Metrics::r2_score(y(), y(), JsValue::UNDEFINED).await.unwrap().as_f64(), Some(1.0));
    // The same options give the same device: the one `init` chose.
    Device::gpu().await.unwrap().testing_lose();
    let e = Metrics::r2_score(y(), y(), JsValue::UNDEFINED).await.expect_err("a call on a lost device succeeded");
    let kind = Reflect::get(&e, &"kind".into()).unwrap().as_string().unwrap_or_default();
    assert!(kind == "DeviceLost" || kind == "Gpu", "kind {kind:?}: {e:?}");
    JsFuture::from(init(options.into())).await.unwrap();
    assert_eq!(Metrics::r2_score(y(), y(), JsValue::UNDEFINED).await.unwrap().as_f64(), Some(1.0));
}

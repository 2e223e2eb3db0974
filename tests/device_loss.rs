//! A GPU device lost mid-work (as in a driver reset or a browser reclaiming it): the next
//! call is an error, never a panic or a wrong answer, and a device opened afterwards works.
//! In its own binary, since it destroys the device that other tests would share. Natively on
//! the first GPU path; in the browser on WebGPU (`scripts/browser-test.sh`).

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

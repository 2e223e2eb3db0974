//! The Philox stream is the same on every device, and its distributions look right.

#[macro_use]
mod common;

use common::*;
use wglearn::ops::Philox;
use wglearn::prelude::*;

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

suite_test! {
    async fn the_same_seed_gives_the_same_stream_on_every_device(paths) {
        let n = 10_001;
        let mut cpu_rng = Philox::new(42);
        let bits = cpu_rng.random_bits(&Device::cpu(), &[n]).unwrap();
        let uni32 = cpu_rng.uniform(&Device::cpu(), &[n], -2.0, 3.0, DType::F32).unwrap();
        let uni64 = cpu_rng.uniform(&Device::cpu(), &[101, 99], 0.0, 1.0, DType::F64).unwrap();
        let norm32 = cpu_rng.normal(&Device::cpu(), &[n], 1.0, 2.0, DType::F32).unwrap();
        let norm64 = cpu_rng.normal(&Device::cpu(), &[n], 0.0, 1.0, DType::F64).unwrap();
        let perm = cpu_rng.permutation(&Device::cpu(), 5000).unwrap();
        for p in gpus(paths) {
            let mut rng = Philox::new(42);
            let d = &p.device;
            let got = rng.random_bits(d, &[n]).unwrap();
            assert_eq!(
                got.to_vec::<u32>().await.unwrap(),
                bits.to_vec::<u32>().await.unwrap(),
                "bits on {}",
                p.name
            );
            assert_close(
                &rng.uniform(d, &[n], -2.0, 3.0, DType::F32).unwrap(),
                &uni32,
                &format!("uniform f32 on {}", p.name),
            ).await;
            assert_close(
                &rng.uniform(d, &[101, 99], 0.0, 1.0, DType::F64).unwrap(),
                &uni64,
                &format!("uniform f64 on {}", p.name),
            ).await;
            assert_close(
                &rng.normal(d, &[n], 1.0, 2.0, DType::F32).unwrap(),
                &norm32,
                &format!("normal f32 on {}", p.name),
            ).await;
            assert_close(
                &rng.normal(d, &[n], 0.0, 1.0, DType::F64).unwrap(),
                &norm64,
                &format!("normal f64 on {}", p.name),
            ).await;
            let got = rng.permutation(d, 5000).unwrap();
            assert_eq!(
                got.to_vec::<i32>().await.unwrap(),
                perm.to_vec::<i32>().await.unwrap(),
                "permutation on {}",
                p.name
            );
        }
    }
}

suite_test! {
    async fn distributions_have_the_right_moments(paths) {
        for p in paths {
            let mut rng = Philox::new(7);
            let n = 200_000;
            let u = rng.uniform(&p.device, &[n], 0.0, 1.0, DType::F64).unwrap();
            let mean = ops::mean(&u, None, false).unwrap().to_vec::<f64>().await.unwrap()[0];
            let var = ops::var(&u, None, 0.0, false).unwrap().to_vec::<f64>().await.unwrap()[0];
            assert!(
                (mean - 0.5).abs() < 0.005 && (var - 1.0 / 12.0).abs() < 0.002,
                "{}: uniform mean {mean} var {var}",
                p.name
            );
            let lo = ops::min(&u, None, false).unwrap().to_vec::<f64>().await.unwrap()[0];
            let hi = ops::max(&u, None, false).unwrap().to_vec::<f64>().await.unwrap()[0];
            assert!((0.0..1.0).contains(&lo) && hi < 1.0, "{}: range [{lo}, {hi}]", p.name);
            let z = rng.normal(&p.device, &[n], 0.0, 1.0, DType::F32).unwrap();
            let mean = ops::mean(&z, None, false).unwrap().to_vec::<f64>().await.unwrap()[0];
            let std = ops::std(&z, None, 0.0, false).unwrap().to_vec::<f64>().await.unwrap()[0];
            assert!(mean.abs() < 0.01 && (std - 1.0).abs() < 0.01, "{}: normal mean {mean} std {std}", p.name);
            let perm = rng.permutation(&p.device, 1000).unwrap().to_vec::<i32>().await.unwrap();
            let mut sorted = perm.clone();
            sorted.sort_unstable();
            assert_eq!(sorted, (0..1000).collect::<Vec<i32>>(), "{}", p.name);
            assert_ne!(perm, (0..1000).collect::<Vec<i32>>(), "{}", p.name);
        }
    }
}

suite_test! {
    async fn draws_advance_the_counter(_paths) {
        let d = Device::cpu();
        let mut a = Philox::new(3);
        let first = a.random_bits(&d, &[8]).unwrap().to_vec::<u32>().await.unwrap();
        let second = a.random_bits(&d, &[8]).unwrap().to_vec::<u32>().await.unwrap();
        assert_ne!(first, second);
        let mut skipped = Philox::new(3).advanced(2);
        assert_eq!(skipped.random_bits(&d, &[8]).unwrap().to_vec::<u32>().await.unwrap(), second);
        assert!(matches!(Philox::new(0).uniform(&d, &[2], 1.0, 0.0, DType::F32), Err(Error::InvalidParameter { .. })));
        assert!(matches!(Philox::new(0).normal(&d, &[2], 0.0, 1.0, DType::I32), Err(Error::DTypeMismatch { .. })));
    }
}

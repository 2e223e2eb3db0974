//! Arrays larger than one storage binding (128 MiB on lavapipe, llvmpipe GL and the WebGPU
//! default): every op family must process them in windows and agree with the CPU.

mod common;

use common::*;
use wglearn::ops::Philox;
use wglearn::prelude::*;

const ROWS: usize = 655_361;
const COLS: usize = 64;

#[test]
fn ops_on_a_160_mib_matrix_match_cpu() {
    let bytes = (ROWS * COLS * 4) as u64;
    assert!(bytes >= 160 << 20);
    let cpu = Device::cpu();
    let mut rng = Philox::new(5);
    let x_cpu = rng.uniform(&cpu, &[ROWS, COLS], 0.0, 1.0, DType::F32).unwrap();
    let w_cpu = Philox::new(6).uniform(&cpu, &[COLS, 2], 0.0, 1.0, DType::F32).unwrap();
    let v_cpu = Philox::new(7).uniform(&cpu, &[ROWS, 1], 0.0, 1.0, DType::F32).unwrap();
    let row = Philox::new(8).uniform(&cpu, &[COLS], 0.0, 1.0, DType::F32).unwrap();
    let rows = Array::from_slice(&cpu, &[0i32, 5, ROWS as i32 - 1, 300_000, 655_000]).unwrap();
    let grid = Array::linspace(&cpu, 0.0, 1.0, 11, true, DType::F32).unwrap();
    let ten = Array::scalar(&cpu, 10.0, DType::F32).unwrap();
    let wants: Vec<(&str, Array)> = vec![
        ("sub broadcast", ops::sub(&x_cpu, &row).unwrap()),
        ("exp", ops::exp(&x_cpu).unwrap()),
        ("greater", ops::greater(&x_cpu, &row).unwrap()),
        ("astype f64", ops::astype(&x_cpu, DType::F64).unwrap()),
        ("sum axis 0", ops::sum(&x_cpu, Some(0), false).unwrap()),
        ("sum axis 1", ops::sum(&x_cpu, Some(1), false).unwrap()),
        ("max", ops::max(&x_cpu, None, false).unwrap()),
        ("argmax", ops::argmax(&x_cpu, None).unwrap()),
        // A serial f32 running sum over 42M elements drifts; the reference sums in f64.
        ("cumsum", ops::cumsum(&ops::astype(&x_cpu, DType::F64).unwrap(), None).unwrap()),
        ("transpose", x_cpu.t().unwrap()),
        ("slice", x_cpu.slice_rows(1, ROWS).unwrap()),
        ("concat", ops::concat(&[&x_cpu, &x_cpu.slice_rows(0, 3).unwrap()], 0).unwrap()),
        ("take", block_on(ops::take(&x_cpu, &rows, 0)).unwrap()),
        ("X @ W", ops::matmul(&x_cpu, &w_cpu).unwrap()),
        ("X^T v", ops::gemm(&x_cpu, &v_cpu, true, false).unwrap()),
        ("X w", ops::matvec(&x_cpu, &w_cpu.slice_cols(0, 1).unwrap().reshape(&[-1]).unwrap()).unwrap()),
        ("uniform", Philox::new(9).uniform(&cpu, &[ROWS, COLS], 0.0, 1.0, DType::F32).unwrap()),
        ("searchsorted", ops::searchsorted(&grid, &x_cpu, ops::Side::Right).unwrap()),
        (
            "bincount",
            block_on(ops::bincount(
                &ops::astype(&ops::mul(&x_cpu, &ten).unwrap(), DType::I32).unwrap().reshape(&[-1]).unwrap(),
                None,
                0,
            ))
            .unwrap(),
        ),
    ];
    // The no-f64 Vulkan path runs the same f32 kernels as the f64 one; GL has its own limits.
    for p in gpu_paths().filter(|p| p.name == "vulkan-f64" || p.name == "gl") {
        let info = p.device.info();
        if std::env::var("WGLEARN_REQUIRE_GPU").is_ok_and(|v| v == "1") {
            assert!(
                bytes > info.max_storage_buffer_binding_size,
                "{}: a {bytes}-byte array fits one binding; the test proves nothing here",
                p.name
            );
        }
        let d = &p.device;
        let x = block_on(x_cpu.to_device(d)).unwrap();
        let back = block_on(x.to_vec::<f32>()).unwrap();
        assert_eq!(back, block_on(x_cpu.to_vec::<f32>()).unwrap(), "round trip on {}", p.name);
        let (w, v, r) = (
            block_on(w_cpu.to_device(d)).unwrap(),
            block_on(v_cpu.to_device(d)).unwrap(),
            block_on(row.to_device(d)).unwrap(),
        );
        let idx = block_on(rows.to_device(d)).unwrap();
        let gots: Vec<Array> = vec![
            ops::sub(&x, &r).unwrap(),
            ops::exp(&x).unwrap(),
            ops::greater(&x, &r).unwrap(),
            ops::astype(&x, DType::F64).unwrap(),
            ops::sum(&x, Some(0), false).unwrap(),
            ops::sum(&x, Some(1), false).unwrap(),
            ops::max(&x, None, false).unwrap(),
            ops::argmax(&x, None).unwrap(),
            ops::cumsum(&x, None).unwrap(),
            x.t().unwrap(),
            x.slice_rows(1, ROWS).unwrap(),
            ops::concat(&[&x, &x.slice_rows(0, 3).unwrap()], 0).unwrap(),
            block_on(ops::take(&x, &idx, 0)).unwrap(),
            ops::matmul(&x, &w).unwrap(),
            ops::gemm(&x, &v, true, false).unwrap(),
            ops::matvec(&x, &w.slice_cols(0, 1).unwrap().reshape(&[-1]).unwrap()).unwrap(),
            Philox::new(9).uniform(d, &[ROWS, COLS], 0.0, 1.0, DType::F32).unwrap(),
            ops::searchsorted(&block_on(grid.to_device(d)).unwrap(), &x, ops::Side::Right).unwrap(),
            block_on(ops::bincount(
                &ops::astype(&ops::mul(&x, &block_on(ten.to_device(d)).unwrap()).unwrap(), DType::I32)
                    .unwrap()
                    .reshape(&[-1])
                    .unwrap(),
                None,
                0,
            ))
            .unwrap(),
        ];
        for ((name, want), got) in wants.iter().zip(&gots) {
            if *name == "cumsum" {
                // f32 partial sums against the f64 reference: a relative tolerance of a few ulps
                // times the tree depth.
                let g = block_on(got.to_vec::<f64>()).unwrap();
                let w = block_on(want.to_vec::<f64>()).unwrap();
                assert_close_nd(
                    &ndarray::arr1(&g).into_dyn(),
                    &ndarray::arr1(&w).into_dyn(),
                    (1e-5, 1e-5),
                    &format!("cumsum on {}", p.name),
                );
                continue;
            }
            block_on(assert_close(got, want, &format!("{name} on {}", p.name)));
        }
    }
}

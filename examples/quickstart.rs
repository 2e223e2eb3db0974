//! Quickstart: picks the best device (a GPU if any adapter exists, else the CPU), runs a real
//! computation there and on the CPU, checks that both agree, and prints what ran and how fast.

use std::time::Instant;
use wglearn::ops::Philox;
use wglearn::prelude::*;

const N: usize = 200_000;
const D: usize = 64;

/// Standardizes the columns of x, forms their correlation matrix Z^T Z / n, and scores every
/// row with logsumexp: reductions, broadcasting, a matrix product and transcendentals.
fn workload(x: &Array) -> Result<Array> {
    let mean = ops::mean(x, Some(0), true)?;
    let std = ops::std(x, Some(0), 0.0, true)?;
    let z = ops::div(&ops::sub(x, &mean)?, &std)?;
    let n = Array::scalar(x.device(), N as f64, DType::F32)?;
    let corr = ops::div(&ops::gemm(&z, &z, true, false)?, &n)?;
    let scores = ops::logsumexp(&z, Some(1), false)?;
    ops::concat(&[&corr.reshape(&[-1])?, &scores], 0)
}

fn timed(device: &Device, data: &[f32]) -> Result<(Vec<f64>, f64)> {
    let x = Array::from_vec(device, data.to_vec(), &[N, D])?;
    // One untimed run compiles the GPU pipelines.
    block_on(workload(&x)?.to_vec::<f64>())?;
    let start = Instant::now();
    let out = block_on(workload(&x)?.to_vec::<f64>())?;
    Ok((out, start.elapsed().as_secs_f64()))
}

fn main() -> Result<()> {
    let device = block_on(Device::best());
    let info = device.info();
    println!("device: {device}");
    println!("  backend {}, type {}, native f64: {}", info.backend, info.device_type, info.native_f64);

    let data: Vec<f32> = block_on(Philox::new(0).uniform(&Device::cpu(), &[N, D], -5.0, 5.0, DType::F32)?.to_vec())?;

    println!("workload: standardize a {N} x {D} f32 matrix, its {D} x {D} correlation matrix, logsumexp of every row");
    let (got, t_dev) = timed(&device, &data)?;
    let (want, t_cpu) = timed(&Device::cpu(), &data)?;
    let worst = got.iter().zip(&want).map(|(g, w)| ((g - w) / w.abs().max(1.0)).abs()).fold(0.0, f64::max);
    println!("  {device}: {:.1} ms", t_dev * 1e3);
    println!("  cpu: {:.1} ms", t_cpu * 1e3);
    println!("  largest relative difference: {worst:.2e}");
    if worst > 1e-4 {
        eprintln!("device and CPU disagree");
        std::process::exit(1);
    }
    println!("device and CPU agree");
    Ok(())
}

//! Large host buffers: on transparent huge pages, and filled on all cores.
//!
//! Huge pages: Linux's default THP mode ("madvise") backs a
//! fresh allocation with 4 KiB pages unless asked; filling a 1 GiB result then costs a page
//! fault every 4 KiB and makes elementwise ops about 3x slower than NumPy, which advises every
//! allocation above 4 MiB. Results are built here the same way.

use crate::error::{Error, Result};
use std::mem::MaybeUninit;

/// Refuses a result of `bytes` that the host cannot allocate now, as an error naming `op`.
/// Results are built by ndarray, faer and iterators, whose allocations abort the process on
/// failure; reserving the same size first, and freeing it, turns a request the system refuses
/// (larger than memory and swap) into an error. Reserving only maps address space, so the
/// check costs no page faults.
pub(crate) fn ensure_room(bytes: u64, op: &'static str) -> Result<()> {
    // Below this, a failed allocation means the process is already out of memory.
    const SMALL: u64 = 1 << 20;
    if bytes < SMALL {
        return Ok(());
    }
    let refused = || Error::HostOutOfMemory { op, requested: bytes };
    let len = usize::try_from(bytes).map_err(|_| refused())?;
    Vec::<u8>::new().try_reserve_exact(len).map_err(|_| refused())
}

/// Allocations below this stay as they are (NumPy's threshold).
#[cfg(target_os = "linux")]
const HUGE_THRESHOLD: usize = 4 << 20;

/// An empty Vec with room for `len` items, its pages advised before the first write.
pub(crate) fn with_capacity<T>(len: usize) -> Vec<T> {
    let mut v = Vec::with_capacity(len);
    advise(v.as_mut_ptr() as usize, v.capacity() * std::mem::size_of::<T>());
    v
}

/// A Vec of `len` items written by `fill(start, chunk)`, `chunk` being the items from index
/// `start` on. Large results are filled on every core (NumPy's elementwise loops use one), in
/// chunks whose lengths are multiples of `align`, so that a chunk holds whole rows.
///
/// # Safety
/// `fill` must write every item of each chunk it is given.
pub(crate) unsafe fn build<T: Send>(
    len: usize,
    align: usize,
    fill: impl Fn(usize, &mut [MaybeUninit<T>]) + Sync,
) -> Vec<T> {
    let mut v = with_capacity(len);
    fill_chunks(&mut v.spare_capacity_mut()[..len], align.max(1), &fill);
    // SAFETY: the caller's `fill` wrote all `len` items.
    unsafe { v.set_len(len) };
    v
}

#[cfg(not(target_arch = "wasm32"))]
fn fill_chunks<T: Send>(
    out: &mut [MaybeUninit<T>],
    align: usize,
    fill: &(impl Fn(usize, &mut [MaybeUninit<T>]) + Sync),
) {
    use rayon::prelude::*;
    // Below this many items per chunk, handing work to another thread costs more than it saves.
    const MIN_CHUNK: usize = 1 << 16;
    let threads = rayon::current_num_threads();
    if threads <= 1 || out.len() < 2 * MIN_CHUNK {
        return fill(0, out);
    }
    let chunk = out.len().div_ceil(4 * threads).max(MIN_CHUNK).div_ceil(align) * align;
    out.par_chunks_mut(chunk).enumerate().for_each(|(i, c)| fill(i * chunk, c));
}

#[cfg(target_arch = "wasm32")]
fn fill_chunks<T: Send>(
    out: &mut [MaybeUninit<T>],
    _align: usize,
    fill: &(impl Fn(usize, &mut [MaybeUninit<T>]) + Sync),
) {
    fill(0, out)
}

#[cfg(target_os = "linux")]
fn advise(start: usize, bytes: usize) {
    const PAGE: usize = 4096;
    if bytes < HUGE_THRESHOLD {
        return;
    }
    let (begin, end) = ((start + PAGE - 1) & !(PAGE - 1), (start + bytes) & !(PAGE - 1));
    // SAFETY: [begin, end) lies inside the Vec's own allocation, and MADV_HUGEPAGE only
    // changes how the kernel backs those pages, never their contents. A refusal (THP off)
    // leaves ordinary pages, so the result is ignored.
    unsafe {
        libc::madvise(begin as *mut libc::c_void, end - begin, libc::MADV_HUGEPAGE);
    }
}

#[cfg(not(target_os = "linux"))]
fn advise(_start: usize, _bytes: usize) {}

//! Large host buffers on transparent huge pages. Linux's default THP mode ("madvise") backs a
//! fresh allocation with 4 KiB pages unless asked; filling a 1 GiB result then costs a page
//! fault every 4 KiB and makes elementwise ops about 3x slower than NumPy, which advises every
//! allocation above 4 MiB. Results are built here the same way.

/// Allocations below this stay as they are (NumPy's threshold).
#[cfg(target_os = "linux")]
const HUGE_THRESHOLD: usize = 4 << 20;

/// An empty Vec with room for `len` items, its pages advised before the first write.
pub(crate) fn with_capacity<T>(len: usize) -> Vec<T> {
    let mut v = Vec::with_capacity(len);
    advise(v.as_mut_ptr() as usize, v.capacity() * std::mem::size_of::<T>());
    v
}

/// The items of `iter` in a Vec from [`with_capacity`].
pub(crate) fn collect<T, I: ExactSizeIterator<Item = T>>(iter: I) -> Vec<T> {
    let mut v = with_capacity(iter.len());
    v.extend(iter);
    v
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

//! The op-level traffic counter: what a device was asked to move, kernel by kernel, so that a
//! path's distance from the memory-bound limit (its bytes over the bytes of its input read
//! once) can be measured on any adapter, a software one included.

use crate::device::{KernelTraffic, Traffic};
use std::sync::Mutex;

#[derive(Default)]
pub(crate) struct TrafficCounter(Mutex<Traffic>);

impl TrafficCounter {
    /// One dispatch of `kernel` with storage bindings of `read` bytes (read-only) and
    /// `written` bytes (read-write), its params struct left out.
    pub(crate) fn dispatch(&self, kernel: &'static str, read: u64, written: u64) {
        let mut t = self.0.lock().unwrap();
        t.dispatches += 1;
        t.bytes_read += read;
        t.bytes_written += written;
        let entry = match t.kernels.iter().position(|k| k.kernel == kernel) {
            Some(i) => &mut t.kernels[i],
            None => {
                t.kernels.push(KernelTraffic { kernel, ..Default::default() });
                t.kernels.last_mut().expect("just pushed")
            }
        };
        entry.dispatches += 1;
        entry.bytes_read += read;
        entry.bytes_written += written;
    }

    pub(crate) fn upload(&self, bytes: u64) {
        let mut t = self.0.lock().unwrap();
        t.uploads += 1;
        t.bytes_uploaded += bytes;
    }

    pub(crate) fn readback(&self, bytes: u64) {
        let mut t = self.0.lock().unwrap();
        t.readbacks += 1;
        t.bytes_read_back += bytes;
    }

    pub(crate) fn get(&self) -> Traffic {
        self.0.lock().unwrap().clone()
    }

    pub(crate) fn reset(&self) {
        *self.0.lock().unwrap() = Traffic::default();
    }
}

/// The `@binding` slots that `source` declares `read_write`: the ones a kernel writes.
pub(crate) fn writable_bindings(source: &str) -> u64 {
    source
        .lines()
        .filter(|l| l.contains("var<storage, read_write>"))
        .filter_map(|l| {
            let at = l.find("@binding(")? + "@binding(".len();
            l[at..].split(')').next()?.trim().parse::<u32>().ok()
        })
        .filter(|&b| b < 64)
        .fold(0, |mask, b| mask | 1 << b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_written_bindings() {
        let src = "@group(0) @binding(0) var<storage, read> params: P;\n\
                   @group(0) @binding(1) var<storage, read> a: array<T>;\n\
                   @group(0) @binding(3) var<storage, read_write> c: array<T>;";
        assert_eq!(writable_bindings(src), 0b1000);
    }
}

//! A size-bucketed pool of storage buffers. Buffers go back to the pool when the last Array
//! holding them is dropped, so iterative algorithms stop allocating after their first pass.

use super::gate::Gate;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// Bytes the pool keeps cached at most; beyond that, dropped buffers are released to wgpu.
const MAX_CACHED_BYTES: u64 = 1 << 30;
const MIN_BUCKET: u64 = 256;

pub(crate) struct BufferPool {
    free: HashMap<u64, Vec<wgpu::Buffer>>,
    cached: u64,
    max_buffer_size: u64,
    /// Entered before any buffer is made or released (see gate.rs).
    gate: Gate,
}

/// A storage buffer on loan from the pool.
pub(crate) struct GpuBuffer {
    /// Always set; taken in `drop`, so that the buffer is released inside the device's gate.
    buffer: Option<wgpu::Buffer>,
    pool: Arc<Mutex<BufferPool>>,
    gate: Gate,
}

impl GpuBuffer {
    fn new(buffer: wgpu::Buffer, pool: &Arc<Mutex<BufferPool>>, gate: &Gate) -> Self {
        GpuBuffer { buffer: Some(buffer), pool: pool.clone(), gate: gate.clone() }
    }

    pub(crate) fn raw(&self) -> &wgpu::Buffer {
        self.buffer.as_ref().expect("a GpuBuffer holds its buffer until dropped")
    }

    pub(crate) fn size(&self) -> u64 {
        self.raw().size()
    }
}

impl Drop for GpuBuffer {
    fn drop(&mut self) {
        let _gate = self.gate.enter();
        let Some(buffer) = self.buffer.take() else { return };
        // A buffer still used by recorded commands may be handed out again: the queue runs
        // commands in order, so its next user writes only after the last reader has run.
        if let Ok(mut pool) = self.pool.lock() {
            pool.give_back(buffer);
        }
    }
}

const USAGE: wgpu::BufferUsages =
    wgpu::BufferUsages::STORAGE.union(wgpu::BufferUsages::COPY_SRC).union(wgpu::BufferUsages::COPY_DST);

impl BufferPool {
    pub(crate) fn new(max_buffer_size: u64, gate: Gate) -> Self {
        Self { free: HashMap::new(), cached: 0, max_buffer_size, gate }
    }

    /// Rounds a request up to one of four sizes per power of two, so at most 25% is wasted.
    fn bucket(&self, bytes: u64) -> u64 {
        let bytes = bytes.max(MIN_BUCKET);
        let pow = bytes.next_power_of_two();
        let quarter = (pow / 8).max(4);
        let b = bytes.next_multiple_of(quarter);
        if b > self.max_buffer_size {
            bytes.next_multiple_of(4)
        } else {
            b
        }
    }

    fn give_back(&mut self, buf: wgpu::Buffer) {
        let size = buf.size();
        if self.cached + size <= MAX_CACHED_BYTES {
            self.cached += size;
            self.free.entry(size).or_default().push(buf);
        }
    }

    /// Releases every cached buffer; the caller has entered the gate.
    pub(crate) fn clear(&mut self) {
        self.free.clear();
        self.cached = 0;
    }

    pub(crate) fn acquire(pool: &Arc<Mutex<Self>>, device: &wgpu::Device, bytes: u64) -> GpuBuffer {
        let gate = pool.lock().unwrap().gate.clone();
        let _gate = gate.enter();
        let mut p = pool.lock().unwrap();
        let size = p.bucket(bytes);
        if let Some(buffer) = p.free.get_mut(&size).and_then(Vec::pop) {
            p.cached -= size;
            return GpuBuffer::new(buffer, pool, &gate);
        }
        drop(p);
        let buffer = device.create_buffer(&wgpu::BufferDescriptor {
            label: None,
            size,
            usage: USAGE,
            mapped_at_creation: false,
        });
        GpuBuffer::new(buffer, pool, &gate)
    }

    pub(crate) fn create_with_data(pool: &Arc<Mutex<Self>>, device: &wgpu::Device, data: &[u8]) -> GpuBuffer {
        let (size, gate) = {
            let p = pool.lock().unwrap();
            (p.bucket(data.len() as u64), p.gate.clone())
        };
        let _gate = gate.enter();
        let buffer =
            device.create_buffer(&wgpu::BufferDescriptor { label: None, size, usage: USAGE, mapped_at_creation: true });
        if let Ok(mut view) = buffer.get_mapped_range_mut(..data.len().next_multiple_of(4) as u64) {
            view.slice(..data.len()).copy_from_slice(data);
        }
        buffer.unmap();
        GpuBuffer::new(buffer, pool, &gate)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buckets_waste_at_most_a_quarter() {
        let p = BufferPool::new(1 << 31, Gate::default());
        for bytes in [1u64, 255, 256, 257, 1000, 4096, 5000, 123_456_789] {
            let b = p.bucket(bytes);
            assert!(b >= bytes && b >= MIN_BUCKET, "{bytes} -> {b}");
            assert!(b as f64 <= (bytes.max(MIN_BUCKET) as f64) * 1.25 + 4.0, "{bytes} -> {b}");
            assert_eq!(b % 4, 0);
        }
        // Never rounds past the device's largest buffer.
        let small = BufferPool::new(1000, Gate::default());
        assert_eq!(small.bucket(999), 1000);
    }
}

//! Shape work: reshape, transpose, slicing, take, concat and stack. On a GPU every view is
//! materialized by a strided copy (`shaders/elementwise/cast.wgsl` with S = T).

use super::{typed, with_data, Array, CpuData};
use crate::backend::gpu::elementwise::{broadcast_strides, Dest, Operand};
use crate::device::Device;
use crate::error::{Error, Result};
use ndarray::{Axis, IxDyn, Slice};

impl Array {
    /// Copies the elements `offset + sum(i_d * strides[d])` for i over `shape` into a new array.
    fn strided_copy(&self, offset: usize, strides: Vec<usize>, shape: &[usize]) -> Result<Array> {
        let Device::Gpu(ctx) = self.device() else { unreachable!("GPU-only helper") };
        let src = Operand { buf: self.gpu(), dtype: self.dtype, offset, strides };
        let buf = ctx.copy(src, shape, Dest::New(self.dtype))?.expect("new destination");
        Ok(Array::from_gpu(ctx, buf, shape.to_vec(), self.dtype))
    }

    /// The same elements in a new shape; one extent may be -1 and is inferred.
    pub fn reshape(&self, shape: &[isize]) -> Result<Array> {
        let n = self.len();
        let inferred = shape.iter().filter(|&&d| d == -1).count();
        let bad = || Error::ShapeMismatch {
            op: "reshape",
            detail: format!("cannot reshape {:?} ({n} elements) into {shape:?}", self.shape),
        };
        if inferred > 1 || shape.iter().any(|&d| d < -1) {
            return Err(bad());
        }
        let known =
            shape.iter().filter(|&&d| d >= 0).try_fold(1usize, |p, &d| p.checked_mul(d as usize)).ok_or_else(bad)?;
        let dims: Vec<usize> = if inferred == 1 {
            if known == 0 || !n.is_multiple_of(known) {
                return Err(bad());
            }
            shape.iter().map(|&d| if d == -1 { n / known } else { d as usize }).collect()
        } else {
            shape.iter().map(|&d| d as usize).collect()
        };
        if dims.iter().try_fold(1usize, |p, &d| p.checked_mul(d)) != Some(n) {
            return Err(bad());
        }
        Ok(self.with_shape(dims))
    }

    /// The axes reordered: axis i of the result is axis `axes[i]` of `self`.
    pub fn permute_dims(&self, axes: &[usize]) -> Result<Array> {
        let mut seen = vec![false; self.ndim()];
        if axes.len() != self.ndim() || axes.iter().any(|&a| a >= self.ndim() || std::mem::replace(&mut seen[a], true))
        {
            return Err(Error::ShapeMismatch {
                op: "permute_dims",
                detail: format!("{axes:?} is not a permutation of the {} axes", self.ndim()),
            });
        }
        let shape: Vec<usize> = axes.iter().map(|&a| self.shape[a]).collect();
        match self.device() {
            Device::Cpu => Ok(Array::from_cpu(
                with_data!(self.cpu(), a => CpuData::from(a.view().permuted_axes(IxDyn(axes)).as_standard_layout().into_owned())),
            )),
            Device::Gpu(_) => {
                let src = broadcast_strides(&self.shape, &self.shape);
                self.strided_copy(0, axes.iter().map(|&a| src[a]).collect(), &shape)
            }
        }
    }

    /// The transpose: axes in reverse order (a matrix's rows become columns).
    pub fn t(&self) -> Result<Array> {
        let axes: Vec<usize> = (0..self.ndim()).rev().collect();
        self.permute_dims(&axes)
    }

    /// Elements `start..end` along `axis`.
    pub fn slice_axis(&self, axis: isize, start: usize, end: usize) -> Result<Array> {
        let ax = self.axis(axis, "slice_axis")?;
        if self.ndim() == 0 {
            return Err(Error::AxisOutOfRange { op: "slice_axis", axis, ndim: 0 });
        }
        if start > end || end > self.shape[ax] {
            return Err(Error::IndexOutOfBounds {
                op: "slice_axis",
                index: end as i64,
                axis: ax,
                size: self.shape[ax],
            });
        }
        let mut shape = self.shape.clone();
        shape[ax] = end - start;
        match self.device() {
            Device::Cpu => Ok(Array::from_cpu(
                with_data!(self.cpu(), a => CpuData::from(a.slice_axis(Axis(ax), Slice::from(start..end)).to_owned())),
            )),
            Device::Gpu(_) => {
                let full = dense_strides(&self.shape);
                self.strided_copy(start * full[ax], full, &shape)
            }
        }
    }

    /// Rows `start..end` of a matrix (axis 0).
    pub fn slice_rows(&self, start: usize, end: usize) -> Result<Array> {
        self.slice_axis(0, start, end)
    }

    /// Columns `start..end` of a matrix (axis 1).
    pub fn slice_cols(&self, start: usize, end: usize) -> Result<Array> {
        self.slice_axis(1, start, end)
    }
}

/// Row-major strides of a contiguous array of `shape`.
pub(crate) fn dense_strides(shape: &[usize]) -> Vec<usize> {
    let mut strides = vec![1; shape.len()];
    for d in (0..shape.len().saturating_sub(1)).rev() {
        strides[d] = strides[d + 1] * shape[d + 1];
    }
    strides
}

/// Concatenates arrays of one dtype and device along an existing axis.
pub fn concat(arrays: &[&Array], axis: isize) -> Result<Array> {
    let first = arrays.first().ok_or(Error::EmptyInput { op: "concat", shape: vec![0] })?;
    let ax = first.axis(axis, "concat")?;
    let mut total = 0;
    for a in arrays {
        first.check_device(a, "concat")?;
        if a.dtype() != first.dtype() {
            return Err(Error::DTypeMismatch { op: "concat", expected: first.dtype().to_string(), got: a.dtype() });
        }
        let same_rest = a.ndim() == first.ndim() && (0..a.ndim()).all(|d| d == ax || a.shape()[d] == first.shape()[d]);
        if !same_rest {
            return Err(Error::ShapeMismatch {
                op: "concat",
                detail: format!("{:?} and {:?} differ outside axis {ax}", first.shape(), a.shape()),
            });
        }
        total =
            a.shape()[ax].checked_add(total).ok_or(Error::ShapeTooLarge { op: "concat", shape: vec![usize::MAX] })?;
    }
    let mut shape = first.shape().to_vec();
    shape[ax] = total;
    super::check_new(first.device(), &shape, first.dtype(), "concat")?;
    match first.device() {
        Device::Cpu => {
            let out = super::with_dtype!(first.dtype(), T => {
                let views: Vec<_> = arrays.iter().map(|a| typed::<T>(a.cpu())).collect();
                let views: Vec<_> = views.iter().map(|v| v.view()).collect();
                CpuData::from(ndarray::concatenate(Axis(ax), &views).expect("shapes checked above"))
            });
            Ok(Array::from_cpu(out))
        }
        Device::Gpu(ctx) => {
            let out = ctx.alloc(shape.iter().product::<usize>() as u64 * ctx.elem_size(first.dtype()))?;
            let out_strides = dense_strides(&shape);
            let mut at = 0;
            for a in arrays {
                let dest = Operand {
                    buf: &out,
                    dtype: first.dtype(),
                    offset: at * out_strides[ax],
                    strides: out_strides.clone(),
                };
                let src = Operand { buf: a.gpu(), dtype: a.dtype(), offset: 0, strides: dense_strides(a.shape()) };
                ctx.copy(src, a.shape(), Dest::Into(dest))?;
                at += a.shape()[ax];
            }
            Ok(Array::from_gpu(ctx, out, shape, first.dtype()))
        }
    }
}

/// Stacks arrays of one shape along a new axis.
pub fn stack(arrays: &[&Array], axis: isize) -> Result<Array> {
    let first = arrays.first().ok_or(Error::EmptyInput { op: "stack", shape: vec![0] })?;
    let nd = first.ndim() as isize + 1;
    let ax = if axis < 0 { axis + nd } else { axis };
    if ax < 0 || ax >= nd {
        return Err(Error::AxisOutOfRange { op: "stack", axis, ndim: first.ndim() + 1 });
    }
    let mut expanded = Vec::with_capacity(arrays.len());
    for a in arrays {
        if a.shape() != first.shape() {
            return Err(Error::ShapeMismatch {
                op: "stack",
                detail: format!("{:?} and {:?} differ", first.shape(), a.shape()),
            });
        }
        let mut shape = a.shape().to_vec();
        shape.insert(ax as usize, 1);
        expanded.push(a.with_shape(shape));
    }
    let refs: Vec<&Array> = expanded.iter().collect();
    concat(&refs, ax)
}

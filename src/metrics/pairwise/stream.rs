//! The pairwise forms that never hold the full (rows of X, rows of Y) matrix: the nearest row
//! of Y to each row of X (and its distance), and the distance matrix in chunks of rows.

use super::compute::Block;
use super::{check_pairwise, Distance};
use crate::array::{concat, Array};
use crate::dtype::DType;
use crate::error::{Error, Result};
use crate::estimator::BoxFuture;
use crate::ops;
use std::future::IntoFuture;

/// Tiles of X's rows hold at most this many bytes of distances on a GPU (less where one
/// storage binding is smaller), so that memory stays bounded whatever the sizes.
const TILE_BYTES: u64 = 256 << 20;

/// On the host, tiles stay small: each tile's distances are read back while still in cache,
/// and the allocator reuses the same memory for the next tile instead of mapping (and
/// clearing) fresh pages.
const CPU_TILE_BYTES: u64 = 4 << 20;

/// For each row of X, the index of the closest row of Y (the first on ties), as int32.
pub fn pairwise_distances_argmin<'a>(x: &'a Array, y: &'a Array) -> Argmin<'a, false> {
    Argmin { x, y, axis: 1, metric: Distance::Euclidean { squared: false } }
}

/// For each row of X, the index of the closest row of Y (int32) and the distance to it.
pub fn pairwise_distances_argmin_min<'a>(x: &'a Array, y: &'a Array) -> Argmin<'a, true> {
    Argmin { x, y, axis: 1, metric: Distance::Euclidean { squared: false } }
}

/// The arguments of a nearest-row search; await it. `VALUES` says whether the distances come
/// back with the indices. The distances are computed a tile of rows at a time, and each tile
/// is reduced to its minima before the next.
pub struct Argmin<'a, const VALUES: bool> {
    x: &'a Array,
    y: &'a Array,
    axis: usize,
    metric: Distance,
}

impl<'a, const VALUES: bool> Argmin<'a, VALUES> {
    /// The distance (default euclidean).
    pub fn metric(mut self, metric: Distance) -> Self {
        self.metric = metric;
        self
    }
    /// 1 (the default): the closest row of Y to each row of X; 0: the closest row of X to each
    /// row of Y.
    pub fn axis(mut self, axis: usize) -> Self {
        self.axis = axis;
        self
    }

    fn op(&self) -> &'static str {
        if VALUES {
            "pairwise_distances_argmin_min"
        } else {
            "pairwise_distances_argmin"
        }
    }

    /// The indices, and the distances where `VALUES` asks for them.
    /// Readback: the input checks.
    async fn compute(self) -> Result<(Array, Option<Array>)> {
        let op = self.op();
        if self.axis > 1 {
            return Err(Error::invalid_parameter("axis", self.axis, format!("{op}: axis is 0 or 1")));
        }
        let (x, y, dtype) = check_pairwise(self.x, Some(self.y), op, Some(self.metric)).await?;
        let y = y.expect("Y was given");
        let (x, y) = if self.axis == 0 { (y, x) } else { (x, y) };
        // Euclidean minima are found on squared distances, their roots taken once.
        let (metric, root) = match self.metric {
            Distance::Euclidean { squared } => (Distance::Euclidean { squared: true }, !squared),
            other => (other, false),
        };
        let (m, n) = (x.shape()[0], y.shape()[0]);
        // Y's float64 copy and squared norms, which the euclidean Gram route needs, serve
        // every tile.
        let gram_route = Block::gram_route(metric, x.device());
        let (y, y_norms) = if gram_route {
            let y = ops::astype(&y, DType::F64)?;
            let norms = ops::sum(&ops::square(&y)?, Some(1), false)?;
            (y, Some(norms))
        } else {
            (y, None)
        };
        // The host's Gram route stores no matrix, so X is one tile; elsewhere tiles are sized
        // by the float64 matrix, the widest a tile makes.
        let rows = match x.device() {
            crate::device::Device::Cpu if gram_route => m.max(1),
            _ => tile_rows(&x, n, DType::F64, op)?,
        };
        let (mut indices, mut values) = (Vec::new(), Vec::new());
        for start in (0..m).step_by(rows) {
            let tile = x.slice_axis(0, start, (start + rows).min(m))?;
            let block =
                Block { x: &tile, y: &y, same: None, dtype, x_norm_squared: None, y_norm_squared: y_norms.as_ref() };
            let (nearest, d) = block.nearest(metric).await?;
            indices.push(nearest);
            if VALUES {
                values.push(d);
            }
        }
        let join = |parts: Vec<Array>| match parts.len() {
            1 => Ok(parts.into_iter().next().expect("one part")),
            _ => concat(&parts.iter().collect::<Vec<_>>(), 0),
        };
        let indices = join(indices)?;
        if !VALUES {
            return Ok((indices, None));
        }
        let values = join(values)?;
        let values = if root { ops::sqrt(&values)? } else { values };
        // scikit-learn's ArgKmin, which serves the euclidean and Manhattan distances, gives
        // float64 distances; the other metrics keep the matrix's dtype.
        match self.metric {
            Distance::Euclidean { .. } | Distance::Manhattan => Ok((indices, Some(ops::astype(&values, DType::F64)?))),
            _ => Ok((indices, Some(values))),
        }
    }
}

/// Rows of X per tile of an (rows, n) distance matrix of `dtype`; an error if not even one
/// row fits.
fn tile_rows(x: &Array, n: usize, dtype: DType, op: &'static str) -> Result<usize> {
    let budget = match x.device() {
        crate::device::Device::Cpu => CPU_TILE_BYTES,
        crate::device::Device::Gpu(_) => TILE_BYTES.min(x.device().info().max_storage_buffer_binding_size),
    };
    let row_bytes = n as u64 * dtype.size();
    crate::array::check_new(x.device(), &[1, n], dtype, op)?;
    Ok(((budget / row_bytes.max(1)) as usize).clamp(1, x.shape()[0]))
}

impl<'a> IntoFuture for Argmin<'a, false> {
    type Output = Result<Array>;
    type IntoFuture = BoxFuture<'a, Result<Array>>;
    fn into_future(self) -> Self::IntoFuture {
        Box::pin(async move { Ok(self.compute().await?.0) })
    }
}

impl<'a> IntoFuture for Argmin<'a, true> {
    type Output = Result<(Array, Array)>;
    type IntoFuture = BoxFuture<'a, Result<(Array, Array)>>;
    fn into_future(self) -> Self::IntoFuture {
        Box::pin(async move {
            let (indices, values) = self.compute().await?;
            Ok((indices, values.expect("VALUES asks for the distances")))
        })
    }
}

/// The distance matrix of X's rows against Y (None: X itself) in chunks of rows, each of at
/// most `working_memory` MiB (default 1024, as scikit-learn's); call `next` until it gives
/// None.
pub fn pairwise_distances_chunked<'a>(x: &'a Array, y: impl Into<Option<&'a Array>>, metric: Distance) -> Chunks {
    Chunks { x: x.clone(), y: y.into().cloned(), metric, working_memory: 1024.0, checked: None, next_row: 0 }
}

/// Chunks of rows of a distance matrix; see [`pairwise_distances_chunked`]. It holds (cheap,
/// shared) clones of X and Y, so that it can outlive the caller's borrows (the JS iterator does).
pub struct Chunks {
    x: Array,
    y: Option<Array>,
    metric: Distance,
    working_memory: f64,
    checked: Option<(Array, Option<Array>, DType)>,
    next_row: usize,
}

impl Chunks {
    /// The memory one chunk may take, in MiB (at least one row is always taken).
    pub fn working_memory(mut self, mib: f64) -> Self {
        self.working_memory = mib;
        self
    }

    /// The next chunk of rows, or None after the last.
    /// Readback: the input checks, on the first call.
    pub async fn next(&mut self) -> Result<Option<Array>> {
        const OP: &str = "pairwise_distances_chunked";
        if self.checked.is_none() {
            if self.working_memory.is_nan() || self.working_memory <= 0.0 {
                return Err(Error::invalid_parameter(
                    "working_memory",
                    self.working_memory,
                    "working_memory is positive",
                ));
            }
            self.checked = Some(check_pairwise(&self.x, self.y.as_ref(), OP, Some(self.metric)).await?);
        }
        let (x, y, dtype) = self.checked.as_ref().expect("checked above");
        let y_or_x = y.as_ref().unwrap_or(x);
        let (m, n) = (x.shape()[0], y_or_x.shape()[0]);
        if self.next_row >= m {
            return Ok(None);
        }
        let out = self.metric.result_dtype(*dtype);
        crate::array::check_new(x.device(), &[1, n], out, OP)?;
        // scikit-learn sizes its chunks by float64 rows.
        let rows = ((self.working_memory * (1 << 20) as f64) as u64 / (8 * n as u64).max(1)).max(1) as usize;
        let (start, stop) = (self.next_row, (self.next_row + rows).min(m));
        self.next_row = stop;
        let tile = x.slice_axis(0, start, stop)?;
        let block = Block {
            x: &tile,
            y: y_or_x,
            same: y.is_none().then_some(start),
            dtype: *dtype,
            x_norm_squared: None,
            y_norm_squared: None,
        };
        Ok(Some(block.distances(self.metric).await?))
    }
}

/// `metrics.pairwise_distances_chunked(X, Y, { metric, working_memory })` in JS: an async
/// iterator of the chunks, `for await (const chunk of ...)`, as scikit-learn's generator.
#[cfg(target_arch = "wasm32")]
mod js {
    use super::{pairwise_distances_chunked, Chunks, Distance};
    use crate::error::Error;
    use crate::wasm::metrics::{accepted, read_options, Metrics, Positional};
    use crate::wasm::{js_error, to_array, JsResult, NDArray};
    use js_sys::{Object, Promise, Reflect};
    use std::cell::RefCell;
    use std::rc::Rc;
    use wasm_bindgen::prelude::*;

    #[wasm_bindgen(typescript_custom_section)]
    const TS_CHUNKS: &str = r#"
export interface DistanceChunks extends AsyncIterable<NDArray> {}
"#;

    // The class cannot name a symbol-keyed method; each iterator gets one from here.
    #[wasm_bindgen(
        inline_js = "export function async_iterable(o) { o[Symbol.asyncIterator] = function () { return this; }; return o; }"
    )]
    extern "C" {
        fn async_iterable(o: JsValue) -> JsValue;
    }

    /// The chunks of rows of a distance matrix, in order: an async iterator.
    /// (Empty while a `next` is under way.)
    #[wasm_bindgen]
    pub struct DistanceChunks(Rc<RefCell<Option<Chunks>>>);

    #[wasm_bindgen]
    impl DistanceChunks {
        /// The next chunk, as the async iterator protocol gives it: `{ value, done }`.
        #[wasm_bindgen(unchecked_return_type = "Promise<IteratorResult<NDArray, undefined>>")]
        pub fn next(&self) -> Promise {
            let chunks = self.0.clone();
            wasm_bindgen_futures::future_to_promise(async move {
                // A call before the previous one settled is refused, not raced.
                let mut taken = chunks.borrow_mut().take().ok_or_else(|| {
                    js_error(Error::InvalidParameter {
                        name: "next",
                        value: "a second call".into(),
                        reason: "pairwise_distances_chunked: await each chunk before asking for the next".into(),
                    })
                })?;
                let chunk = taken.next().await;
                *chunks.borrow_mut() = Some(taken);
                let chunk = chunk.map_err(js_error)?;
                let result = Object::new();
                Reflect::set(&result, &"done".into(), &chunk.is_none().into())?;
                Reflect::set(&result, &"value".into(), &chunk.map_or(JsValue::UNDEFINED, |c| NDArray::new(c).into()))?;
                Ok(result.into())
            })
        }
    }

    #[wasm_bindgen(js_class = metrics)]
    impl Metrics {
        #[wasm_bindgen(unchecked_return_type = "DistanceChunks")]
        pub fn pairwise_distances_chunked(
            #[wasm_bindgen(unchecked_param_type = "ArrayInput")] x: JsValue,
            #[wasm_bindgen(unchecked_optional_param_type = "ArrayInput | null")] y: JsValue,
            #[wasm_bindgen(unchecked_optional_param_type = "MetricOptions")] options: JsValue,
        ) -> JsResult<JsValue> {
            const OP: &str = "pairwise_distances_chunked";
            let x = to_array(&x, "pairwise_distances_chunked: X")?;
            let y = match y.is_undefined() || y.is_null() {
                true => None,
                false => Some(to_array(&y, "pairwise_distances_chunked: Y")?),
            };
            let mut given = read_options(&options, &accepted(&[("working_memory", false)], &[("metric", &[])]), OP)?;
            let metric = Distance::take(&mut given, "metric", OP).map_err(js_error)?;
            let mut chunks = pairwise_distances_chunked(&x, y.as_ref(), metric);
            if let Some(mib) = given.value("working_memory").filter(|v| !v.is_undefined() && !v.is_null()) {
                let mib = mib.as_f64().ok_or_else(|| {
                    js_error(Error::InvalidParameter {
                        name: "working_memory",
                        value: format!("{mib:?}"),
                        reason: format!("{OP}: expected a number of MiB"),
                    })
                })?;
                chunks = chunks.working_memory(mib);
            }
            Ok(async_iterable(DistanceChunks(Rc::new(RefCell::new(Some(chunks)))).into()))
        }
    }
}

//! `Display` for arrays, as NumPy 2's `repr`: the same number formats (floats to at most 8
//! decimals, scientific notation when magnitudes span more than 1e3), the same alignment, the
//! same 75-column wrapping, and axes longer than 6 elided to their first and last 3 once the
//! array holds more than 1000 elements.

use super::{Array, CpuData};
use crate::dtype::DType;
use std::fmt;

/// NumPy's print options: `linewidth`, `threshold`, `edgeitems`, `precision`.
const LINE_WIDTH: usize = 75;
const THRESHOLD: usize = 1000;
const EDGE_ITEMS: usize = 3;
const PRECISION: usize = 8;

impl fmt::Display for Array {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // float64 kept as float32 on a device without f64 prints the digits it holds.
        let narrow = match self.device() {
            crate::device::Device::Gpu(ctx) => ctx.storage_dtype(DType::F64) == DType::F32,
            crate::device::Device::Cpu => false,
        };
        match self.host() {
            Ok(data) => f.write_str(&repr(&data, narrow)),
            Err(e) => write!(f, "array(<unreadable: {e}>, shape={}, dtype={})", tuple(self.shape()), self.dtype()),
        }
    }
}

impl Array {
    /// The contents for printing. Readback: a GPU array is copied to the host; in a browser
    /// the host cannot wait for the GPU, so there only CPU arrays print their values.
    fn host(&self) -> crate::error::Result<CpuData> {
        #[cfg(not(target_arch = "wasm32"))]
        return pollster::block_on(self.to_data());
        #[cfg(target_arch = "wasm32")]
        match &self.storage {
            super::Storage::Cpu(d) => Ok(d.as_ref().clone()),
            super::Storage::Gpu(_) => Err(crate::error::Error::Unsupported {
                adapter: self.device.to_string(),
                feature: "synchronous readback (move the array to the CPU to print it)".into(),
            }),
        }
    }
}

/// The values in row-major order, in the widest host type of their kind.
enum Values {
    Float(Vec<f64>, bool),
    Int(Vec<i64>),
    Bool(Vec<bool>),
}

fn repr(data: &CpuData, narrow: bool) -> String {
    let shape = data.shape().to_vec();
    let dtype = data.dtype();
    let values = match data {
        CpuData::F32(a) => Values::Float(a.iter().map(|&v| f64::from(v)).collect(), true),
        CpuData::F64(a) => Values::Float(a.iter().copied().collect(), narrow),
        CpuData::I32(a) => Values::Int(a.iter().map(|&v| i64::from(v)).collect()),
        CpuData::U32(a) => Values::Int(a.iter().map(|&v| i64::from(v)).collect()),
        CpuData::Bool(a) => Values::Bool(a.iter().copied().collect()),
    };
    let size: usize = shape.iter().product();
    let summarize = size > THRESHOLD;
    let body = if size == 0 {
        "[]".to_string()
    } else {
        let shown = shown_indices(&shape, summarize);
        let format = Format::new(&values, &shown, shape.is_empty());
        let word = |flat: usize| format.word(&values, flat);
        if shape.is_empty() {
            word(0)
        } else {
            // "array(" and the "[" of the outermost axis; ")" closes the last line.
            let indent = " ".repeat("array(".len() + 1);
            layout(&shape, summarize, &word, &mut Vec::new(), &indent, LINE_WIDTH - 1)
        }
    };
    let mut extras = Vec::new();
    if (size == 0 && shape != [0]) || summarize {
        extras.push(format!("shape={}", tuple(&shape)));
    }
    if !matches!(dtype, DType::F64 | DType::Bool) || size == 0 {
        extras.push(format!("dtype={dtype}"));
    }
    if extras.is_empty() {
        return format!("array({body})");
    }
    let head = format!("array({body},");
    let extra = format!("{})", extras.join(", "));
    let last_line = head.len() - head.rfind('\n').map_or(0, |i| i + 1);
    let spacer = if last_line + extra.len() + 1 > LINE_WIDTH { format!("\n{}", " ".repeat(6)) } else { " ".into() };
    format!("{head}{spacer}{extra}")
}

/// A shape as Python writes a tuple: `(3,)`, `(2, 0)`.
fn tuple(shape: &[usize]) -> String {
    match shape {
        [n] => format!("({n},)"),
        s => format!("({})", s.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ")),
    }
}

/// The indices kept along an axis of `n`: all, or the first and last few.
fn kept(n: usize, summarize: bool) -> Vec<usize> {
    if summarize && n > 2 * EDGE_ITEMS {
        (0..EDGE_ITEMS).chain(n - EDGE_ITEMS..n).collect()
    } else {
        (0..n).collect()
    }
}

/// The flat indices of the elements that will be printed; the number format is chosen from
/// them alone, as NumPy does.
fn shown_indices(shape: &[usize], summarize: bool) -> Vec<usize> {
    let mut flat = vec![0usize];
    for &n in shape {
        flat = flat.iter().flat_map(|&base| kept(n, summarize).into_iter().map(move |i| base * n + i)).collect();
    }
    flat
}

/// NumPy's recursive layout (`_formatArray`): rows wrapped at `width`, axes separated by
/// as many blank lines as they are deep.
fn layout(
    shape: &[usize],
    summarize: bool,
    word: &dyn Fn(usize) -> String,
    index: &mut Vec<usize>,
    indent: &str,
    width: usize,
) -> String {
    let axis = index.len();
    let n = shape[axis];
    let elide = summarize && n > 2 * EDGE_ITEMS;
    let items: Vec<Option<usize>> = if elide {
        (0..EDGE_ITEMS).map(Some).chain([None]).chain((n - EDGE_ITEMS..n).map(Some)).collect()
    } else {
        (0..n).map(Some).collect()
    };
    let flat = |index: &[usize]| index.iter().zip(shape).fold(0, |acc, (&i, &d)| acc * d + i);
    let inner_indent = format!("{indent} ");
    let mut s = String::new();
    if axis + 1 == shape.len() {
        let elem_width = width - 1;
        let mut line = indent.to_string();
        for (k, item) in items.iter().enumerate() {
            let w = match item {
                Some(i) => {
                    index.push(*i);
                    let w = word(flat(index));
                    index.pop();
                    w
                }
                None => "...".to_string(),
            };
            if line.len() + w.len() > elem_width && line.len() > indent.len() {
                s += line.trim_end();
                s.push('\n');
                line = indent.to_string();
            }
            line += &w;
            if k + 1 < items.len() {
                line += ", ";
            }
        }
        s += &line;
    } else {
        let sep = format!(",{}", "\n".repeat(shape.len() - axis - 1));
        for (k, item) in items.iter().enumerate() {
            s += indent;
            match item {
                Some(i) => {
                    index.push(*i);
                    s += &layout(shape, summarize, word, index, &inner_indent, width - 1);
                    index.pop();
                }
                None => s += "...",
            }
            if k + 1 < items.len() {
                s += &sep;
            }
        }
    }
    format!("[{}]", &s[indent.len()..])
}

/// How every element of one array is written, chosen from the elements shown.
enum Format {
    Float(FloatFormat),
    Int(usize),
    Bool { scalar: bool },
}

impl Format {
    fn new(values: &Values, shown: &[usize], scalar: bool) -> Format {
        match values {
            Values::Float(v, f32) => Format::Float(FloatFormat::new(shown.iter().map(|&i| v[i]), *f32)),
            Values::Int(v) => Format::Int(shown.iter().map(|&i| v[i].to_string().len()).max().unwrap_or(0)),
            Values::Bool(_) => Format::Bool { scalar },
        }
    }

    fn word(&self, values: &Values, i: usize) -> String {
        match (self, values) {
            (Format::Float(f), Values::Float(v, _)) => f.word(v[i]),
            (Format::Int(w), Values::Int(v)) => format!("{:>w$}", v[i]),
            (Format::Bool { scalar }, Values::Bool(v)) => match (v[i], scalar) {
                (true, true) => "True".into(),
                (true, false) => " True".into(),
                (false, _) => "False".into(),
            },
            _ => unreachable!("a format is made for its values"),
        }
    }
}

/// NumPy's `FloatingFormat` in its default mode (`maxprec`, unique digits, at most
/// `PRECISION` of them after the point).
struct FloatFormat {
    f32: bool,
    exp: bool,
    /// Digits after the point: the most any value needs (scientific), or the column to pad to.
    precision: usize,
    exp_digits: usize,
    pad_left: usize,
    pad_right: usize,
}

impl FloatFormat {
    fn new(values: impl Iterator<Item = f64>, f32: bool) -> FloatFormat {
        let all: Vec<f64> = values.collect();
        let finite: Vec<f64> = all.iter().copied().filter(|v| v.is_finite()).collect();
        let nonzero: Vec<f64> = finite.iter().map(|v| v.abs()).filter(|&v| v != 0.0).collect();
        // float32 holds 6 exact decimal digits, float64 15; NumPy caps the cutoff at 1e8.
        let cutoff = if f32 { 1e6 } else { 1e8 };
        let exp = match (nonzero.iter().copied().reduce(f64::max), nonzero.iter().copied().reduce(f64::min)) {
            (Some(max), Some(min)) => max >= cutoff || min < 1e-4 || max / min > 1e3,
            _ => false,
        };
        let mut f = FloatFormat { f32, exp, precision: 0, exp_digits: 0, pad_left: 0, pad_right: 0 };
        if !finite.is_empty() {
            if exp {
                for &v in &finite {
                    let s = f.scientific(v, None);
                    let (mantissa, exponent) = s.split_once('e').expect("scientific");
                    let (int, frac) = mantissa.split_once('.').expect("a point");
                    f.pad_left = f.pad_left.max(int.len());
                    f.precision = f.precision.max(frac.len());
                    f.exp_digits = f.exp_digits.max(exponent.len() - 1);
                }
                f.pad_right = f.exp_digits + 2 + f.precision;
            } else {
                for &v in &finite {
                    let s = f.positional(v);
                    let (int, frac) = s.split_once('.').expect("a point");
                    f.pad_left = f.pad_left.max(int.len());
                    f.pad_right = f.pad_right.max(frac.len());
                }
            }
        }
        if finite.len() != all.len() {
            let neginf = usize::from(all.contains(&f64::NEG_INFINITY));
            let offset = f.pad_right + 1;
            f.pad_left = f.pad_left.max(3usize.saturating_sub(offset)).max((3 + neginf).saturating_sub(offset));
        }
        f
    }

    /// The shortest digits that read back as `v` in its own type.
    fn shortest(&self, v: f64, sci: bool) -> String {
        match (self.f32, sci) {
            (true, false) => format!("{}", v as f32),
            (false, false) => format!("{v}"),
            (true, true) => format!("{:e}", v as f32),
            (false, true) => format!("{v:e}"),
        }
    }

    /// `v` rounded to `digits` after the point.
    fn rounded(&self, v: f64, digits: usize, sci: bool) -> String {
        match (self.f32, sci) {
            (true, false) => format!("{:.digits$}", v as f32),
            (false, false) => format!("{v:.digits$}"),
            (true, true) => format!("{:.digits$e}", v as f32),
            (false, true) => format!("{v:.digits$e}"),
        }
    }

    /// Unique digits, at most `PRECISION` after the point, trailing zeros dropped, the
    /// point kept: `1.`, `0.5`, `0.33333333`.
    fn positional(&self, v: f64) -> String {
        let short = self.shortest(v, false);
        let s = match short.split_once('.') {
            Some((_, frac)) if frac.len() > PRECISION => {
                self.rounded(v, PRECISION, false).trim_end_matches('0').to_string()
            }
            _ => short,
        };
        if s.contains('.') {
            s
        } else {
            format!("{s}.")
        }
    }

    /// Scientific notation as NumPy writes it: `1.5e+00`, with `digits` after the point
    /// (None: the unique digits, at most `PRECISION`) and a signed exponent of at least two
    /// digits.
    fn scientific(&self, v: f64, digits: Option<usize>) -> String {
        let raw = match digits {
            Some(d) => self.rounded(v, d, true),
            None => {
                let short = self.shortest(v, true);
                let frac = short.split_once('e').map_or("", |(m, _)| m.split_once('.').map_or("", |(_, f)| f));
                if frac.len() > PRECISION {
                    let r = self.rounded(v, PRECISION, true);
                    let (m, e) = r.split_once('e').expect("scientific");
                    format!("{}e{e}", m.trim_end_matches('0'))
                } else {
                    short
                }
            }
        };
        let (mantissa, exponent) = raw.split_once('e').expect("scientific");
        let mantissa = if mantissa.contains('.') { mantissa.to_string() } else { format!("{mantissa}.") };
        let (sign, digits_part) = match exponent.strip_prefix('-') {
            Some(d) => ('-', d),
            None => ('+', exponent),
        };
        let width = self.exp_digits.max(2);
        format!("{mantissa}e{sign}{digits_part:0>width$}")
    }

    fn word(&self, v: f64) -> String {
        if !v.is_finite() {
            let s = if v.is_nan() {
                "nan"
            } else if v > 0.0 {
                "inf"
            } else {
                "-inf"
            };
            return format!("{s:>w$}", w = self.pad_left + self.pad_right + 1);
        }
        if self.exp {
            let s = self.scientific(v, Some(self.precision));
            let int = s.split_once('.').map_or(s.len(), |(i, _)| i.len());
            return format!("{}{s}", " ".repeat(self.pad_left.saturating_sub(int)));
        }
        let s = self.positional(v);
        let (int, frac) = s.split_once('.').expect("a point");
        format!(
            "{}{s}{}",
            " ".repeat(self.pad_left.saturating_sub(int.len())),
            " ".repeat(self.pad_right.saturating_sub(frac.len()))
        )
    }
}

//! `marshal`: CPython's serialization of constants (format version 5), so
//! `importlib`'s bootstrap imports and data marshalled here loads in
//! CPython and back. Code objects are not marshalled: Pyrite's code objects
//! are not CPython's, and its imports compile from source.

use crate::ObjRef;
use crate::call::{Args, NativeFn};
use crate::error::{PyErr, PyResult};
use crate::modules::add_functions;
use crate::types::bytes::{BytesData, bytes_like, new_bytes};
use crate::types::int::{IntVal, big_value, int_val};
use crate::types::slice::SliceData;
use crate::types::str::{StrData, str_data};
use crate::types::{dict, list, module, set, tuple};
use crate::value::Value;
use crate::vm::Vm;
use num_bigint::{BigInt, Sign};

/// The format version `dumps` writes by default (CPython 3.14's).
const VERSION: i64 = 5;
/// How deeply containers may nest (CPython's MAX_MARSHAL_STACK_DEPTH).
const MAX_DEPTH: usize = 2000;
/// The bit on a type code that registers the object for back-references.
const FLAG_REF: u8 = 0x80;

struct Writer<'a> {
    vm: &'a Vm,
    out: Vec<u8>,
    version: i64,
}

impl Writer<'_> {
    fn u32(&mut self, n: u32) {
        self.out.extend_from_slice(&n.to_le_bytes());
    }

    fn sized(&mut self, code: u8, len: usize) -> PyResult<()> {
        let n = u32::try_from(len)
            .ok()
            .filter(|&n| n <= i32::MAX as u32)
            .ok_or_else(|| self.vm.value_error("unmarshallable object"))?;
        self.out.push(code);
        self.u32(n);
        Ok(())
    }

    fn items(&mut self, items: &[Value], depth: usize) -> PyResult<()> {
        items.iter().try_for_each(|v| self.value(v, depth + 1))
    }

    fn value(&mut self, v: &Value, depth: usize) -> PyResult<()> {
        let vm = self.vm;
        if depth > MAX_DEPTH {
            return Err(vm.value_error("object too deeply nested to marshal"));
        }
        let ty = vm.type_of(v);
        let t = &vm.types;
        match v {
            Value::None => self.out.push(b'N'),
            Value::Bool(true) => self.out.push(b'T'),
            Value::Bool(false) => self.out.push(b'F'),
            Value::Float(f) => {
                self.out.push(b'g');
                self.out.extend_from_slice(&f.to_le_bytes());
            }
            Value::Obj(o) if o.is(&vm.ellipsis) => self.out.push(b'.'),
            Value::Obj(o) if o.is(&t.exc.stop_iteration) => self.out.push(b'S'),
            _ if ty.is(&t.int) => self.int(int_val(v).expect("an int")),
            _ if ty.is(&t.complex) => {
                let (re, im) = crate::types::complex::complex_operand(vm, v)?.expect("a complex");
                self.out.push(b'y');
                self.out.extend_from_slice(&re.to_le_bytes());
                self.out.extend_from_slice(&im.to_le_bytes());
            }
            _ if ty.is(&t.str) => {
                let s = str_data(v).expect("a str");
                let bytes = s.as_bytes();
                if s.as_str().is_some_and(str::is_ascii) && bytes.len() < 256 {
                    self.out.push(b'z');
                    self.out.push(bytes.len() as u8);
                } else if s.as_str().is_some_and(str::is_ascii) {
                    self.sized(b'a', bytes.len())?;
                } else {
                    // Lone surrogates stay as their generalized UTF-8
                    // bytes, which is what 'surrogatepass' writes.
                    self.sized(b'u', bytes.len())?;
                }
                self.out.extend_from_slice(bytes);
            }
            _ if ty.is(&t.tuple) => {
                let items = tuple::tuple_items(v).expect("a tuple");
                if items.len() < 256 {
                    self.out.push(b')');
                    self.out.push(items.len() as u8);
                } else {
                    self.sized(b'(', items.len())?;
                }
                self.items(items, depth)?;
            }
            _ if ty.is(&t.list) => {
                let items = list::list_data(v).expect("a list").to_vec();
                self.sized(b'[', items.len())?;
                self.items(&items, depth)?;
            }
            _ if ty.is(&t.dict) => {
                self.out.push(b'{');
                for (k, val) in dict::items(v.as_obj().expect("a dict")) {
                    self.value(&k, depth + 1)?;
                    self.value(&val, depth + 1)?;
                }
                self.out.push(b'0');
            }
            _ if ty.is(&t.set) || ty.is(&t.frozenset) => {
                let items = v.downcast::<set::SetData>().expect("a set").items();
                self.sized(if ty.is(&t.set) { b'<' } else { b'>' }, items.len())?;
                self.items(&items, depth)?;
            }
            _ if ty.is(&t.slice) && self.version >= 5 => {
                let s = v.downcast::<SliceData>().expect("a slice");
                self.out.push(b':');
                let parts = [s.start.clone(), s.stop.clone(), s.step.clone()];
                self.items(&parts, depth)?;
            }
            _ => match bytes_like(vm, v) {
                Ok(data) => {
                    self.sized(b's', data.len())?;
                    self.out.extend_from_slice(&data);
                }
                Err(_) => return Err(vm.value_error("unmarshallable object")),
            },
        }
        Ok(())
    }

    fn int(&mut self, n: IntVal) {
        let big = match n {
            IntVal::Small(i) if i32::try_from(i).is_ok() => {
                self.out.push(b'i');
                self.out.extend_from_slice(&(i as i32).to_le_bytes());
                return;
            }
            IntVal::Small(i) => BigInt::from(i),
            IntVal::Big(b) => b,
        };
        // Base 2**15 digits, least significant first; the count carries the sign.
        let (sign, magnitude) = big.into_parts();
        let mut digits: Vec<u16> = Vec::new();
        let mut rest = magnitude;
        let mask = num_bigint::BigUint::from(0x7fffu32);
        while rest > num_bigint::BigUint::ZERO {
            let d = (&rest & &mask)
                .to_u32_digits()
                .first()
                .copied()
                .unwrap_or(0);
            digits.push(d as u16);
            rest >>= 15;
        }
        let n = digits.len() as i32;
        self.out.push(b'l');
        let count = if sign == Sign::Minus { -n } else { n };
        self.out.extend_from_slice(&count.to_le_bytes());
        for d in digits {
            self.out.extend_from_slice(&d.to_le_bytes());
        }
    }
}

struct Reader<'a> {
    vm: &'a Vm,
    data: &'a [u8],
    pos: usize,
    /// Objects registered for back-references (None while being built).
    refs: Vec<Option<Value>>,
}

impl Reader<'_> {
    fn bad(&self, what: &str) -> PyErr {
        self.vm.value_error(format!("bad marshal data ({what})"))
    }

    fn take(&mut self, n: usize) -> PyResult<&[u8]> {
        if self.data.len() - self.pos < n {
            return Err(self
                .vm
                .new_exception(&self.vm.types.exc.eof_error, "marshal data too short"));
        }
        let s = &self.data[self.pos..self.pos + n];
        self.pos += n;
        Ok(s)
    }

    fn i32(&mut self) -> PyResult<i32> {
        let b = self.take(4)?;
        Ok(i32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    fn len(&mut self) -> PyResult<usize> {
        let n = self.i32()?;
        usize::try_from(n).map_err(|_| self.bad("size out of range"))
    }

    fn f64(&mut self) -> PyResult<f64> {
        let b = self.take(8)?;
        Ok(f64::from_le_bytes(b.try_into().expect("eight bytes")))
    }

    fn values(&mut self, n: usize, depth: usize) -> PyResult<Vec<Value>> {
        (0..n).map(|_| self.value(depth + 1)).collect()
    }

    fn value(&mut self, depth: usize) -> PyResult<Value> {
        let vm = self.vm;
        if depth > MAX_DEPTH {
            return Err(vm.value_error("recursion limit exceeded"));
        }
        let Some(&byte) = self.data.get(self.pos) else {
            return Err(vm.new_exception(&vm.types.exc.eof_error, "EOF read where object expected"));
        };
        self.pos += 1;
        let (code, flagged) = (byte & !FLAG_REF, byte & FLAG_REF != 0);
        let slot = flagged.then(|| {
            self.refs.push(None);
            self.refs.len() - 1
        });
        let v = match code {
            b'N' => Value::None,
            b'T' => Value::Bool(true),
            b'F' => Value::Bool(false),
            b'.' => Value::Obj(vm.ellipsis.clone()),
            b'S' => Value::Obj(vm.types.exc.stop_iteration.clone()),
            b'i' => Value::Int(i64::from(self.i32()?)),
            b'l' => {
                let n = self.i32()?;
                let mut magnitude = num_bigint::BigUint::ZERO;
                let count = n.unsigned_abs() as usize;
                let raw = self.take(count * 2)?.to_vec();
                for pair in raw.chunks(2).rev() {
                    let d = u16::from_le_bytes([pair[0], pair[1]]);
                    if d > 0x7fff {
                        return Err(self.bad("digit out of range in long"));
                    }
                    magnitude = (magnitude << 15) + u32::from(d);
                }
                let sign = if n < 0 { Sign::Minus } else { Sign::Plus };
                big_value(vm, BigInt::from_biguint(sign, magnitude))
            }
            b'g' => Value::Float(self.f64()?),
            b'y' => {
                let (re, im) = (self.f64()?, self.f64()?);
                crate::types::complex::new_complex(vm, re, im)
            }
            b's' => {
                let n = self.len()?;
                new_bytes(vm, self.take(n)?.to_vec())
            }
            b'z' | b'Z' | b'a' | b'A' | b'u' | b't' => {
                let n = match code {
                    b'z' | b'Z' => usize::from(self.take(1)?[0]),
                    _ => self.len()?,
                };
                let raw = self.take(n)?.to_vec();
                if matches!(code, b'u' | b't') {
                    if !wtf8_valid(&raw) {
                        return Err(vm.new_exception(
                            &vm.types.exc.unicode_decode_error,
                            "'utf-8' codec can't decode marshalled string",
                        ));
                    }
                    vm.new_str_data(StrData::from_wtf8(raw))
                } else if raw.is_ascii() {
                    vm.new_str_data(StrData::from_wtf8(raw))
                } else {
                    return Err(self.bad("non-ASCII data in ASCII string"));
                }
            }
            b')' => {
                let n = usize::from(self.take(1)?[0]);
                tuple::new_tuple(vm, self.values(n, depth)?)
            }
            b'(' => {
                let n = self.len()?;
                tuple::new_tuple(vm, self.values(n, depth)?)
            }
            b'[' => {
                let n = self.len()?;
                list::new_list(vm, self.values(n, depth)?)
            }
            b'{' => {
                let d = dict::new_dict(&vm.types);
                loop {
                    if self.data.get(self.pos) == Some(&b'0') {
                        self.pos += 1;
                        break;
                    }
                    let k = self.value(depth + 1)?;
                    let val = self.value(depth + 1)?;
                    dict::set_item(vm, &d, k, val)?;
                }
                Value::Obj(d)
            }
            b'<' | b'>' => {
                let n = self.len()?;
                let items = self.values(n, depth)?;
                if code == b'<' {
                    set::new_set(vm, items)?
                } else {
                    set::new_frozenset(vm, items)?
                }
            }
            b':' => {
                let parts = self.values(3, depth)?;
                let [a, b, c]: [Value; 3] = parts.try_into().expect("three parts");
                crate::types::slice::new_slice(vm, a, b, c)
            }
            b'r' => {
                let i = self.len()?;
                return match self.refs.get(i) {
                    Some(Some(v)) => Ok(v.clone()),
                    _ => Err(self.bad("invalid reference")),
                };
            }
            b'c' => {
                return Err(self.bad("code objects are not supported by Pyrite's marshal"));
            }
            _ => return Err(self.bad("unknown type code")),
        };
        if let Some(i) = slot {
            self.refs[i] = Some(v.clone());
        }
        Ok(v)
    }
}

/// Whether `raw` is UTF-8 with surrogates allowed (what 'surrogatepass'
/// reads): valid once each encoded surrogate stands in for another
/// three-byte character.
fn wtf8_valid(raw: &[u8]) -> bool {
    let mut copy = raw.to_vec();
    for i in 0..copy.len().saturating_sub(2) {
        if copy[i] == 0xED
            && (0xA0..=0xBF).contains(&copy[i + 1])
            && (0x80..=0xBF).contains(&copy[i + 2])
        {
            copy[i..i + 3].copy_from_slice("\u{FFFD}".as_bytes());
        }
    }
    std::str::from_utf8(&copy).is_ok()
}

fn dumps_value(vm: &Vm, v: &Value, version: Option<&Value>) -> PyResult<Vec<u8>> {
    let version = version.map_or(Ok(VERSION), |v| vm.index_i64(v))?;
    let mut w = Writer {
        vm,
        out: Vec::new(),
        version,
    };
    w.value(v, 0)?;
    Ok(w.out)
}

fn loads_bytes(vm: &Vm, data: &[u8]) -> PyResult<(Value, usize)> {
    let mut r = Reader {
        vm,
        data,
        pos: 0,
        refs: Vec::new(),
    };
    let v = r.value(0)?;
    Ok((v, r.pos))
}

fn dumps(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let a = args.bind(vm, "dumps", &["value", "version", "allow_code"], 1, 2, 2)?;
    let out = dumps_value(vm, a[0].as_ref().expect("required"), a[1].as_ref())?;
    Ok(new_bytes(vm, out))
}

fn loads(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let a = args.bind(vm, "loads", &["bytes", "allow_code"], 1, 1, 1)?;
    let data = bytes_like(vm, a[0].as_ref().expect("required"))?;
    Ok(loads_bytes(vm, &data)?.0)
}

fn dump(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let a = args.bind(
        vm,
        "dump",
        &["value", "file", "version", "allow_code"],
        2,
        3,
        3,
    )?;
    let out = dumps_value(vm, a[0].as_ref().expect("required"), a[2].as_ref())?;
    let file = a[1].as_ref().expect("required");
    vm.call_method(file, "write", &[new_bytes(vm, out)])?;
    Ok(Value::None)
}

/// `load(file)`: reads what is left of the file, and leaves the file just
/// past the object when it can seek.
fn load(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let a = args.bind(vm, "load", &["file", "allow_code"], 1, 1, 1)?;
    let file = a[0].as_ref().expect("required");
    let data = vm.call_method(file, "read", &[])?;
    let Some(bytes) = data.downcast::<BytesData>() else {
        return Err(vm.type_error(format!(
            "file.read() returned not bytes but {}",
            vm.type_name(&data)
        )));
    };
    let (v, used) = loads_bytes(vm, &bytes.data)?;
    let unread = bytes.data.len() - used;
    if unread > 0 {
        vm.call_method(file, "seek", &[Value::Int(-(unread as i64)), Value::Int(1)])?;
    }
    Ok(v)
}

/// Builds the module.
pub fn init(vm: &Vm) -> ObjRef {
    let m = module::new_module(vm, "marshal");
    add_functions(
        vm,
        &m,
        "marshal",
        &[
            ("dumps", dumps as NativeFn),
            ("loads", loads),
            ("dump", dump),
            ("load", load),
        ],
    );
    let d = module::module_dict(&m);
    dict::set_item(vm, &d, vm.name("version"), Value::Int(VERSION)).expect("str keys");
    m
}

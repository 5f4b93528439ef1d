//! `_random`: the Mersenne Twister (MT19937) behind `random.Random`,
//! seeded as CPython seeds it (an int's 32-bit words as the key; no seed
//! means bytes from the OS), so that the same seed gives the same numbers
//! as CPython, bit for bit.

use crate::ObjRef;
use crate::call::{Args, NativeFn};
use crate::error::PyResult;
use crate::modules::{new_type, state};
use crate::types::builtin::add_methods;
use crate::types::builtin::add_static;
use crate::types::int::{IntVal, big_value, int_val};
use crate::types::native::{native, new_native};
use crate::types::{dict, module, tuple};
use crate::value::Value;
use crate::vm::Vm;
use num_bigint::{BigInt, Sign};
use std::cell::RefCell;
use std::io::Read;

const N: usize = 624;
const M: usize = 397;

/// The generator's state.
struct Mt {
    state: [u32; N],
    index: usize,
}

impl Mt {
    fn new() -> Mt {
        Mt {
            state: [0; N],
            index: N + 1,
        }
    }

    fn init(&mut self, seed: u32) {
        self.state[0] = seed;
        for i in 1..N {
            let prev = self.state[i - 1];
            self.state[i] = 1_812_433_253u32
                .wrapping_mul(prev ^ (prev >> 30))
                .wrapping_add(i as u32);
        }
        self.index = N;
    }

    /// Seeds from a key of 32-bit words (the reference `init_by_array`).
    fn init_by_array(&mut self, key: &[u32]) {
        self.init(19_650_218);
        let mut i = 1;
        let mut j = 0;
        for _ in 0..N.max(key.len()) {
            let prev = self.state[i - 1];
            self.state[i] = (self.state[i] ^ (prev ^ (prev >> 30)).wrapping_mul(1_664_525))
                .wrapping_add(key[j])
                .wrapping_add(j as u32);
            i += 1;
            j += 1;
            if i >= N {
                self.state[0] = self.state[N - 1];
                i = 1;
            }
            if j >= key.len() {
                j = 0;
            }
        }
        for _ in 0..N - 1 {
            let prev = self.state[i - 1];
            self.state[i] = (self.state[i] ^ (prev ^ (prev >> 30)).wrapping_mul(1_566_083_941))
                .wrapping_sub(i as u32);
            i += 1;
            if i >= N {
                self.state[0] = self.state[N - 1];
                i = 1;
            }
        }
        self.state[0] = 0x8000_0000;
        self.index = N;
    }

    fn refill(&mut self) {
        let twist = |y: u32| (y >> 1) ^ if y & 1 != 0 { 0x9908_b0df } else { 0 };
        for k in 0..N {
            let y = (self.state[k] & 0x8000_0000) | (self.state[(k + 1) % N] & 0x7fff_ffff);
            self.state[k] = self.state[(k + M) % N] ^ twist(y);
        }
        self.index = 0;
    }

    fn next_u32(&mut self) -> u32 {
        if self.index >= N {
            self.refill();
        }
        let mut y = self.state[self.index];
        self.index += 1;
        y ^= y >> 11;
        y ^= (y << 7) & 0x9d2c_5680;
        y ^= (y << 15) & 0xefc6_0000;
        y ^ (y >> 18)
    }

    /// A float in [0, 1) with 53 random bits.
    fn next_f64(&mut self) -> f64 {
        let a = f64::from(self.next_u32() >> 5);
        let b = f64::from(self.next_u32() >> 6);
        (a * 67_108_864.0 + b) / 9_007_199_254_740_992.0
    }
}

/// The `Random` type of this interpreter.
struct RandomType(ObjRef);

fn random_type(vm: &Vm) -> std::rc::Rc<RandomType> {
    state(vm, |vm| {
        RandomType(new_type(
            vm,
            "_random",
            "Random",
            crate::types::typeobj::flags::BASETYPE,
        ))
    })
}

fn mt_of<'a>(vm: &Vm, v: &'a Value) -> PyResult<&'a RefCell<Mt>> {
    native::<RefCell<Mt>>(v).ok_or_else(|| {
        vm.type_error(format!(
            "descriptor requires a '_random.Random' object but received '{}'",
            vm.type_name(v)
        ))
    })
}

/// Seeds `mt` from `arg` as CPython does: None from the OS, an int by its
/// absolute value's 32-bit words, anything else by its hash.
fn seed(vm: &Vm, mt: &RefCell<Mt>, arg: Option<&Value>) -> PyResult<()> {
    let n: BigInt = match arg {
        None | Some(Value::None) => {
            let mut buf = [0u8; N * 4];
            if std::fs::File::open("/dev/urandom")
                .and_then(|mut f| f.read_exact(&mut buf))
                .is_err()
            {
                let t = std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .unwrap_or_default();
                buf[..16].copy_from_slice(&t.as_nanos().to_le_bytes());
            }
            let key: Vec<u32> = buf
                .chunks(4)
                .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
                .collect();
            mt.borrow_mut().init_by_array(&key);
            return Ok(());
        }
        Some(v) => match int_val(v) {
            Some(IntVal::Small(i)) => BigInt::from(i),
            Some(IntVal::Big(b)) => b,
            None => BigInt::from(vm.hash(v)?),
        },
    };
    let (_, mut key) = n.to_u32_digits();
    if key.is_empty() {
        key.push(0);
    }
    mt.borrow_mut().init_by_array(&key);
    Ok(())
}

fn random_new(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let cls = args.pos[0].as_obj().cloned().expect("a type");
    let rest = &args.pos[1..];
    if cls.is(&random_type(vm).0) && args.has_kwargs() {
        return Err(vm.type_error("Random() takes no keyword arguments"));
    }
    if rest.len() > 1 {
        return Err(vm.type_error(format!(
            "Random() expected at most 1 argument, got {}",
            rest.len()
        )));
    }
    let mt = RefCell::new(Mt::new());
    seed(vm, &mt, rest.first())?;
    Ok(new_native(&cls, mt))
}

fn getrandbits(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let mt = mt_of(vm, &args.pos[0])?;
    let [k] = args.shift().check(vm, "getrandbits", 1, 1)? else {
        unreachable!()
    };
    let k = crate::types::int::to_i64(vm, &vm.index(k)?)?;
    if k < 0 {
        return Err(vm.value_error("Cannot convert negative int"));
    }
    let mut mt = mt.borrow_mut();
    if k <= 32 {
        let v = if k == 0 { 0 } else { mt.next_u32() >> (32 - k) };
        return Ok(Value::Int(i64::from(v)));
    }
    let words = (k as usize).div_ceil(32);
    let mut digits = Vec::with_capacity(words);
    let mut left = k;
    for _ in 0..words {
        let mut r = mt.next_u32();
        if left < 32 {
            r >>= 32 - left;
        }
        digits.push(r);
        left -= 32;
    }
    Ok(big_value(vm, BigInt::from_slice(Sign::Plus, &digits)))
}

fn getstate(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let mt = mt_of(vm, &args.pos[0])?.borrow();
    let mut items: Vec<Value> = mt.state.iter().map(|&w| Value::Int(i64::from(w))).collect();
    items.push(Value::Int(mt.index as i64));
    Ok(tuple::new_tuple(vm, items))
}

fn setstate(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let mt = mt_of(vm, &args.pos[0])?;
    let [st] = args.shift().check(vm, "setstate", 1, 1)? else {
        unreachable!()
    };
    let Some(items) = tuple::tuple_items(st) else {
        return Err(vm.type_error("state vector must be a tuple"));
    };
    if items.len() != N + 1 {
        return Err(vm.value_error("state vector is the wrong size"));
    }
    let mut words = [0u32; N];
    for (w, v) in words.iter_mut().zip(items) {
        let n = crate::types::int::to_i64(vm, v)?;
        *w = u32::try_from(n)
            .map_err(|_| vm.overflow_error("Python int too large to convert to C unsigned long"))?;
    }
    let index = crate::types::int::to_i64(vm, &items[N])?;
    if !(0..=N as i64).contains(&index) {
        return Err(vm.value_error("invalid state"));
    }
    let mut mt = mt.borrow_mut();
    mt.state = words;
    mt.index = index as usize;
    Ok(Value::None)
}

/// Builds the module.
pub fn init(vm: &Vm) -> ObjRef {
    let ty = random_type(vm).0.clone();
    add_static(vm, &ty, "__new__", random_new);
    let methods: &[(&'static str, NativeFn)] = &[
        ("random", |vm, a| {
            let mt = mt_of(vm, &a.pos[0])?;
            a.shift().check(vm, "random", 0, 0)?;
            Ok(Value::Float(mt.borrow_mut().next_f64()))
        }),
        ("seed", |vm, a| {
            let mt = mt_of(vm, &a.pos[0])?;
            let p = a.shift().check(vm, "seed", 0, 1)?;
            seed(vm, mt, p.first())?;
            Ok(Value::None)
        }),
        ("getrandbits", getrandbits),
        ("getstate", getstate),
        ("setstate", setstate),
        ("__init__", |_, _| Ok(Value::None)),
    ];
    add_methods(vm, &ty, methods);
    let m = module::new_module(vm, "_random");
    let d = module::module_dict(&m);
    dict::set_item(vm, &d, vm.name("Random"), Value::Obj(ty)).expect("str keys");
    m
}

//! `hash()`: CPython's hash functions for numbers and tuples (hashes are
//! visible to programs, and decide set iteration order), a fast string hash,
//! and `__hash__` dispatch.

use crate::error::PyResult;
use crate::object::Kind;
use crate::types::typeobj::lookup;
use crate::value::Value;
use crate::vm::Vm;
use num_bigint::BigInt;
use num_traits::{Signed, ToPrimitive, Zero};

/// The modulus of numeric hashes (2**61 - 1).
pub const MODULUS: u64 = (1 << 61) - 1;
/// `hash(inf)`.
pub const INF_HASH: i64 = 314_159;

/// Maps the reserved -1 to -2.
#[inline]
fn fix(h: i64) -> i64 {
    if h == -1 { -2 } else { h }
}

/// `hash(n)` for an int.
#[inline]
pub fn hash_i64(n: i64) -> i64 {
    let m = (n.unsigned_abs() % MODULUS) as i64;
    fix(if n < 0 { -m } else { m })
}

/// `hash(n)` for a big int.
pub fn hash_bigint(n: &BigInt) -> i64 {
    let m = (n.abs() % BigInt::from(MODULUS))
        .to_u64()
        .expect("below the modulus") as i64;
    fix(if n.is_negative() { -m } else { m })
}

/// `hash(x)` for a float (equal to the hash of an equal int).
pub fn hash_f64(v: f64, nan_identity: usize) -> i64 {
    if v.is_nan() {
        return hash_pointer(nan_identity);
    }
    if v.is_infinite() {
        return if v > 0.0 { INF_HASH } else { -INF_HASH };
    }
    let (mut m, mut e) = frexp(v);
    let sign: i64 = if m < 0.0 {
        m = -m;
        -1
    } else {
        1
    };
    let mut x: u64 = 0;
    while m != 0.0 {
        x = ((x << 28) & MODULUS) | (x >> (61 - 28));
        m *= 268_435_456.0;
        e -= 28;
        let y = m as u64;
        m -= y as f64;
        x += y;
        if x >= MODULUS {
            x -= MODULUS;
        }
    }
    let e = if e >= 0 {
        e % 61
    } else {
        61 - 1 - ((-1 - e) % 61)
    } as u32;
    x = ((x << e) & MODULUS) | (x >> (61 - e));
    fix((x as i64).wrapping_mul(sign))
}

/// `math.frexp`: `v == m * 2**e` with `0.5 <= |m| < 1`.
pub fn frexp(v: f64) -> (f64, i32) {
    if v == 0.0 || !v.is_finite() {
        return (v, 0);
    }
    let bits = v.to_bits();
    let exp = ((bits >> 52) & 0x7ff) as i32;
    if exp == 0 {
        // Subnormal: scale up first.
        let (m, e) = frexp(v * (1u64 << 54) as f64);
        return (m, e - 54);
    }
    let m = f64::from_bits((bits & !(0x7ff << 52)) | (1022 << 52));
    (m, exp - 1022)
}

/// CPython's hash of an address (the default `object.__hash__`).
pub fn hash_pointer(p: usize) -> i64 {
    let y = (p >> 4) | (p << (usize::BITS - 4));
    fix(y as i64)
}

/// The hash of a string's bytes (FNV-1a; CPython's is randomized per run).
#[inline]
pub fn hash_bytes(bytes: &[u8]) -> i64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    fix(h as i64)
}

/// CPython's tuple hash (an xxHash variant) over item hashes.
pub fn hash_tuple(items: impl ExactSizeIterator<Item = i64>) -> i64 {
    const P1: u64 = 11_400_714_785_074_694_791;
    const P2: u64 = 14_029_467_366_897_019_727;
    const P5: u64 = 2_870_177_450_012_600_261;
    let len = items.len() as u64;
    let mut acc = P5;
    for lane in items {
        acc = acc.wrapping_add((lane as u64).wrapping_mul(P2));
        acc = acc.rotate_left(31);
        acc = acc.wrapping_mul(P1);
    }
    acc = acc.wrapping_add(len ^ (P5 ^ 3_527_539));
    if acc == u64::MAX {
        return 1_546_275_796;
    }
    acc as i64
}

/// CPython's frozenset hash over item hashes.
pub fn hash_frozenset(hashes: impl Iterator<Item = i64>, len: usize) -> i64 {
    let shuffle = |h: u64| ((h ^ 89_869_747) ^ (h << 16)).wrapping_mul(3_644_798_167);
    let mut hash: u64 = 0;
    for h in hashes {
        hash ^= shuffle(h as u64);
    }
    hash ^= (len as u64 + 1).wrapping_mul(1_927_868_237);
    hash ^= (hash >> 11) ^ (hash >> 25);
    hash = hash.wrapping_mul(69_069).wrapping_add(907_133_923);
    if hash == u64::MAX {
        return 590_923_713;
    }
    hash as i64
}

/// `hash(complex(re, im))`.
pub fn hash_complex(re: f64, im: f64, id: usize) -> i64 {
    let h =
        (hash_f64(re, id) as u64).wrapping_add((hash_f64(im, id) as u64).wrapping_mul(1_000_003));
    fix(h as i64)
}

impl Vm {
    /// `hash(v)`.
    pub fn hash(&self, v: &Value) -> PyResult<i64> {
        match v {
            Value::None => Ok(0xFCA8_6420),
            Value::Bool(b) => Ok(i64::from(*b)),
            Value::Int(i) => Ok(hash_i64(*i)),
            Value::Float(f) => Ok(hash_f64(*f, 0)),
            Value::Obj(o) => {
                let exact = !crate::types::typeobj::data(&o.ty())
                    .has_flag(crate::types::typeobj::flags::HEAPTYPE);
                if exact {
                    match o.kind() {
                        Kind::Str => return Ok(o.payload::<crate::types::str::StrData>().hash()),
                        Kind::Int => {
                            return Ok(hash_bigint(
                                &o.payload::<crate::types::int::BigIntData>().0,
                            ));
                        }
                        Kind::Tuple => {
                            let t = o.payload::<crate::types::tuple::TupleData>();
                            let hashes = t
                                .items
                                .iter()
                                .map(|i| self.hash(i))
                                .collect::<PyResult<Vec<_>>>()?;
                            return Ok(hash_tuple(hashes.into_iter()));
                        }
                        _ => {}
                    }
                }
                let ty = o.ty();
                match lookup(self, &ty, "__hash__") {
                    Some(h) if !h.is_none() => {
                        let r = self.call_with_self(&h, v, crate::call::Args::positional(&[]))?;
                        match r {
                            Value::Int(i) => Ok(fix(i)),
                            Value::Bool(b) => Ok(i64::from(b)),
                            Value::Obj(ref ro) if ro.kind() == Kind::Int => Ok(hash_bigint(
                                &ro.payload::<crate::types::int::BigIntData>().0,
                            )),
                            _ => Err(self.type_error("__hash__ method should return an integer")),
                        }
                    }
                    _ => Err(self.type_error(format!("unhashable type: '{}'", self.type_name(v)))),
                }
            }
        }
    }
}

/// Whether a big int is zero (for callers without `num_traits`).
pub fn is_zero(n: &BigInt) -> bool {
    n.is_zero()
}

/// A fast hasher for the runtime's own tables keyed by names (type
/// attribute caches, interned strings): FxHash's multiply-rotate, which is
/// fine for keys that are not attacker-chosen collision sets.
#[derive(Default, Clone, Copy)]
pub struct FastHasher(u64);

impl std::hash::Hasher for FastHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0x517c_c1b7_2722_0a95;
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let w = u64::from_le_bytes(c.try_into().expect("8 bytes"));
            self.0 = (self.0.rotate_left(5) ^ w).wrapping_mul(K);
        }
        for &b in chunks.remainder() {
            self.0 = (self.0.rotate_left(5) ^ u64::from(b)).wrapping_mul(K);
        }
    }

    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.0 = (self.0.rotate_left(5) ^ u64::from(i)).wrapping_mul(0x517c_c1b7_2722_0a95);
    }

    #[inline]
    fn finish(&self) -> u64 {
        self.0
    }
}

/// A `HashMap` with [`FastHasher`].
pub type FastMap<K, V> = std::collections::HashMap<K, V, std::hash::BuildHasherDefault<FastHasher>>;

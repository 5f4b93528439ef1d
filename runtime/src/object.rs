//! Heap objects: a header (exact, non-atomic reference count; type; payload
//! kind; optional attribute dict) followed by a Rust payload.
//!
//! `ObjRef` is a strong reference: cloning increments the count, dropping
//! decrements it, and the object is finalized and freed when the last
//! reference goes. Objects that must never die (builtin types, singletons)
//! are immortal: their count is never touched. Freeing a deep structure does
//! not recurse without bound: past a depth, objects wait in a queue that the
//! outermost release drains (CPython's "trashcan").
//!
//! This module is one of the few places with `unsafe`: everything that
//! reinterprets a header as a typed object lives here.

use std::cell::{Cell, RefCell};
use std::fmt;
use std::ptr::NonNull;

/// Reference counts at or above this are immortal.
const IMMORTAL: usize = 1 << (usize::BITS - 2);

/// Header flag: the finalizer (`__del__`) already ran.
pub const FLAG_FINALIZED: u8 = 1;
/// Weak references to the object may exist (it has an entry in the weak
/// reference registry).
pub const FLAG_WEAKREFED: u8 = 2;

/// Where the reference count sits in every object's header, for machine
/// code that takes and drops references itself.
pub const REFCNT_OFFSET: usize = std::mem::offset_of!(Header, refcnt);

/// Reference counts at or above this belong to immortal objects, which
/// are never counted.
pub const IMMORTAL_REFCNT: usize = IMMORTAL;

/// The common prefix of every heap object.
#[repr(C)]
pub struct Header {
    refcnt: Cell<usize>,
    /// The object's type (a strong reference, except from immortal objects).
    ty: Cell<NonNull<Header>>,
    /// The attribute dict, if the object has one (a strong reference, or null).
    dict: Cell<*mut Header>,
    kind: Kind,
    flags: Cell<u8>,
}

/// A heap object with its payload.
#[repr(C)]
struct Boxed<T> {
    header: Header,
    data: T,
}

/// A payload type: the Rust data that follows the header of one kind of
/// object.
pub trait Payload: 'static {
    /// The kind tag of objects with this payload.
    const KIND: Kind;
}

macro_rules! payloads {
    ($($kind:ident => $ty:path),* $(,)?) => {
        /// Which Rust payload follows a header (a type can share a kind with
        /// its subclasses: `bool` ints are immediates, `frozenset` uses the set
        /// payload).
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        #[repr(u8)]
        pub enum Kind {
            $(
                #[doc = concat!("Payload `", stringify!($ty), "`.")]
                $kind,
            )*
        }

        $(impl Payload for $ty {
            const KIND: Kind = Kind::$kind;
        })*

        /// Drops the payload of `kind` behind `ptr` and frees the allocation.
        ///
        /// # Safety
        /// `ptr` must point to a live `Boxed` of that kind with no references
        /// left.
        unsafe fn free_object(kind: Kind, ptr: NonNull<Header>) {
            match kind {
                $(Kind::$kind => {
                    // SAFETY: the caller guarantees the object is a `Boxed` of
                    // this kind, allocated by `ObjRef::new` (a `Box`), and
                    // unreachable.
                    drop(unsafe { Box::from_raw(ptr.as_ptr().cast::<Boxed<$ty>>()) });
                })*
            }
        }
    };
}

payloads! {
    Type => crate::types::typeobj::TypeData,
    Int => crate::types::int::BigIntData,
    Float => crate::types::float::FloatData,
    Complex => crate::types::complex::ComplexData,
    Str => crate::types::str::StrData,
    Bytes => crate::types::bytes::BytesData,
    ByteArray => crate::types::bytes::ByteArrayData,
    Tuple => crate::types::tuple::TupleData,
    List => crate::types::list::ListData,
    Dict => crate::types::dict::DictData,
    Set => crate::types::set::SetData,
    Range => crate::types::range::RangeData,
    Slice => crate::types::slice::SliceData,
    Instance => crate::types::instance::InstanceData,
    Function => crate::types::function::FunctionData,
    Code => crate::types::function::CodeData,
    Cell => crate::types::function::CellData,
    Method => crate::types::function::MethodData,
    Builtin => crate::types::builtin::BuiltinData,
    MethodDescriptor => crate::types::builtin::MethodDescriptorData,
    Module => crate::types::module::ModuleData,
    Property => crate::types::descriptor::PropertyData,
    ClassMethod => crate::types::descriptor::ClassMethodData,
    StaticMethod => crate::types::descriptor::StaticMethodData,
    MemberDescriptor => crate::types::descriptor::MemberDescriptorData,
    GetSetDescriptor => crate::types::descriptor::GetSetDescriptorData,
    Super => crate::types::descriptor::SuperData,
    Exception => crate::types::exception::ExceptionData,
    Traceback => crate::types::exception::TracebackData,
    Frame => crate::frame::FrameObjectData,
    Generator => crate::types::generator::GeneratorData,
    Iterator => crate::types::iterators::IteratorData,
    Singleton => crate::types::singletons::SingletonData,
    Native => crate::types::native::NativeData,
    WeakRef => crate::types::weakref::WeakRefData,
}

thread_local! {
    /// How deep the current chain of frees is.
    static FREE_DEPTH: Cell<u32> = const { Cell::new(0) };
    /// Objects whose freeing was put off to keep the native stack shallow.
    static FREE_QUEUE: RefCell<Vec<NonNull<Header>>> = const { RefCell::new(Vec::new()) };
}

/// Frees deeper than this wait in the queue.
const MAX_FREE_DEPTH: u32 = 64;

/// A strong reference to a heap object: the address of its header (the
/// JIT reads and writes reference counts through it).
#[repr(transparent)]
pub struct ObjRef {
    ptr: NonNull<Header>,
}

impl ObjRef {
    /// Allocates an object of type `ty` holding `data`.
    pub fn new<T: Payload>(ty: &ObjRef, data: T) -> ObjRef {
        let boxed = Box::new(Boxed {
            header: Header {
                refcnt: Cell::new(1),
                ty: Cell::new(ty.clone().into_raw()),
                dict: Cell::new(std::ptr::null_mut()),
                kind: T::KIND,
                flags: Cell::new(0),
            },
            data,
        });
        let ptr = NonNull::from(Box::leak(boxed)).cast::<Header>();
        ObjRef { ptr }
    }

    /// Allocates an immortal object whose type is itself (`type`).
    pub fn new_self_typed<T: Payload>(data: T) -> ObjRef {
        let boxed = Box::new(Boxed {
            header: Header {
                refcnt: Cell::new(IMMORTAL),
                ty: Cell::new(NonNull::dangling()),
                dict: Cell::new(std::ptr::null_mut()),
                kind: T::KIND,
                flags: Cell::new(0),
            },
            data,
        });
        let ptr = NonNull::from(Box::leak(boxed)).cast::<Header>();
        // SAFETY: `ptr` was just allocated and is valid.
        unsafe { ptr.as_ref() }.ty.set(ptr);
        ObjRef { ptr }
    }

    fn header(&self) -> &Header {
        // SAFETY: a live `ObjRef` keeps its object allocated.
        unsafe { self.ptr.as_ref() }
    }

    /// Makes the object immortal (its count is never touched again).
    pub fn make_immortal(&self) {
        self.header().refcnt.set(IMMORTAL);
    }

    /// Gives up this reference without decrementing, returning the pointer.
    pub fn into_raw(self) -> NonNull<Header> {
        let ptr = self.ptr;
        std::mem::forget(self);
        ptr
    }

    /// Takes back a reference given up by `into_raw`.
    ///
    /// # Safety
    /// `ptr` must come from `into_raw` (or be a counted reference).
    pub unsafe fn from_raw(ptr: NonNull<Header>) -> ObjRef {
        ObjRef { ptr }
    }

    /// A new reference to the object at `ptr`, which something else keeps
    /// alive.
    ///
    /// # Safety
    /// `ptr` must point to a live object.
    pub unsafe fn from_borrowed(ptr: NonNull<Header>) -> ObjRef {
        // SAFETY: the caller guarantees the object is live.
        let header = unsafe { ptr.as_ref() };
        incref(header);
        ObjRef { ptr }
    }

    /// The payload kind.
    #[inline]
    pub fn kind(&self) -> Kind {
        self.header().kind
    }

    /// The object's type.
    #[inline]
    pub fn ty(&self) -> ObjRef {
        // SAFETY: the type outlives its instances (they hold a reference).
        unsafe { ObjRef::from_borrowed(self.header().ty.get()) }
    }

    /// Runs `f` on the object's type without taking a new reference (the
    /// hot paths of attribute caches).
    #[inline]
    pub fn with_ty<R>(&self, f: impl FnOnce(&ObjRef) -> R) -> R {
        // SAFETY: the type outlives its instances (they hold a reference),
        // and `self` is borrowed for the whole call; the `ManuallyDrop`
        // gives back no count it did not take.
        let ty = std::mem::ManuallyDrop::new(unsafe { ObjRef::from_raw(self.header().ty.get()) });
        f(&ty)
    }

    /// Whether the object's type is `ty` (exactly).
    #[inline]
    pub fn ty_is(&self, ty: &ObjRef) -> bool {
        self.header().ty.get() == ty.ptr
    }

    /// Replaces the object's type (`obj.__class__ = T`).
    pub fn set_ty(&self, ty: &ObjRef) {
        let old = self.header().ty.replace(ty.clone().into_raw());
        // SAFETY: the old type pointer was a counted reference (instances of
        // mutable types are never immortal).
        drop(unsafe { ObjRef::from_raw(old) });
    }

    /// The payload, if the object is of kind `T`.
    #[inline]
    pub fn downcast<T: Payload>(&self) -> Option<&T> {
        if self.kind() == T::KIND {
            // SAFETY: objects of kind `T::KIND` are always `Boxed<T>`.
            Some(unsafe { &(*self.ptr.as_ptr().cast::<Boxed<T>>()).data })
        } else {
            None
        }
    }

    /// The payload of an object known to be of kind `T`.
    ///
    /// Panics (a bug in Pyrite, never reachable from Python) if it is not.
    #[inline]
    pub fn payload<T: Payload>(&self) -> &T {
        match self.downcast::<T>() {
            Some(data) => data,
            None => panic!("object of kind {:?} used as {:?}", self.kind(), T::KIND),
        }
    }

    /// The attribute dict, if the object has one.
    pub fn dict(&self) -> Option<ObjRef> {
        let ptr = NonNull::new(self.header().dict.get())?;
        // SAFETY: the header holds a counted reference to its dict.
        Some(unsafe { ObjRef::from_borrowed(ptr) })
    }

    /// Sets (or clears) the attribute dict.
    pub fn set_dict(&self, dict: Option<ObjRef>) {
        let new = dict.map_or(std::ptr::null_mut(), |d| d.into_raw().as_ptr());
        let old = self.header().dict.replace(new);
        if let Some(old) = NonNull::new(old) {
            // SAFETY: the header held a counted reference.
            drop(unsafe { ObjRef::from_raw(old) });
        }
    }

    /// Whether two references are to the same object.
    #[inline]
    pub fn is(&self, other: &ObjRef) -> bool {
        self.ptr == other.ptr
    }

    /// The object's address (its `id()`).
    #[inline]
    pub fn addr(&self) -> usize {
        self.ptr.as_ptr() as usize
    }

    /// Header flags.
    pub fn flags(&self) -> u8 {
        self.header().flags.get()
    }

    /// Sets header flags.
    pub fn set_flags(&self, flags: u8) {
        self.header().flags.set(flags);
    }

    /// Whether the object is immortal (its address is then a stable key).
    #[inline]
    pub fn is_immortal(&self) -> bool {
        self.header().refcnt.get() >= IMMORTAL
    }

    /// The current reference count (for `sys.getrefcount`).
    pub fn refcount(&self) -> usize {
        self.header().refcnt.get()
    }

    /// The raw pointer, for identity maps that do not own the object.
    pub fn as_ptr(&self) -> NonNull<Header> {
        self.ptr
    }
}

#[inline]
fn incref(header: &Header) {
    let n = header.refcnt.get();
    if n < IMMORTAL {
        header.refcnt.set(n + 1);
    }
}

impl Clone for ObjRef {
    #[inline]
    fn clone(&self) -> Self {
        incref(self.header());
        ObjRef { ptr: self.ptr }
    }
}

impl Drop for ObjRef {
    #[inline]
    fn drop(&mut self) {
        let header = self.header();
        let n = header.refcnt.get();
        if n >= IMMORTAL {
            return;
        }
        if n > 1 {
            header.refcnt.set(n - 1);
            return;
        }
        release(self.ptr);
    }
}

/// The hook that runs `__del__` (installed by the interpreter): it may
/// resurrect the object by taking a new reference.
pub type Finalizer = fn(&ObjRef);

thread_local! {
    static FINALIZER: Cell<Option<Finalizer>> = const { Cell::new(None) };
}

/// Installs the finalizer hook for this thread.
pub fn set_finalizer(hook: Finalizer) {
    FINALIZER.with(|f| f.set(Some(hook)));
}

/// The object keeps `__slots__` values in the side table (a subclass of a
/// builtin type other than `object`, whose payload has no slot storage).
pub const FLAG_SIDE_SLOTS: u8 = 4;

thread_local! {
    /// `__slots__` values of objects whose payload cannot hold them, by
    /// address (dropped with the object).
    static SIDE_SLOTS: RefCell<std::collections::HashMap<usize, Vec<Option<crate::value::Value>>>> =
        RefCell::new(std::collections::HashMap::new());
}

/// Slot `index` of an object that keeps its slots in the side table.
pub fn side_slot(o: &ObjRef, index: usize) -> Option<crate::value::Value> {
    if o.flags() & FLAG_SIDE_SLOTS == 0 {
        return None;
    }
    SIDE_SLOTS.with(|t| t.borrow().get(&o.addr())?.get(index).cloned().flatten())
}

/// Stores (or clears) slot `index` in the side table; returns the old value.
pub fn set_side_slot(
    o: &ObjRef,
    index: usize,
    value: Option<crate::value::Value>,
) -> Option<crate::value::Value> {
    let h = o.header();
    h.flags.set(h.flags.get() | FLAG_SIDE_SLOTS);
    SIDE_SLOTS.with(|t| {
        let mut t = t.borrow_mut();
        let slots = t.entry(o.addr()).or_default();
        if slots.len() <= index {
            slots.resize(index + 1, None);
        }
        std::mem::replace(&mut slots[index], value)
    })
}

/// A weak reference callback to run: the weak reference, its callback.
pub type WeakCallbackHook = fn(&ObjRef, &crate::value::Value);

thread_local! {
    /// The weak references to each object that has some, by the object's
    /// address: the weak reference objects, not owned (each removes itself
    /// when it goes first).
    static WEAKREFS: RefCell<std::collections::HashMap<usize, Vec<NonNull<Header>>>> =
        RefCell::new(std::collections::HashMap::new());
    static WEAK_CALLBACK: Cell<Option<WeakCallbackHook>> = const { Cell::new(None) };
}

/// Installs the hook that runs weak reference callbacks for this thread.
pub fn set_weak_callback_hook(hook: WeakCallbackHook) {
    WEAK_CALLBACK.with(|f| f.set(Some(hook)));
}

/// Records that `weakref` refers to `referent`.
pub fn register_weakref(referent: &ObjRef, weakref: &ObjRef) {
    let h = referent.header();
    h.flags.set(h.flags.get() | FLAG_WEAKREFED);
    WEAKREFS.with(|w| {
        w.borrow_mut()
            .entry(referent.addr())
            .or_default()
            .push(weakref.ptr);
    });
}

/// The live weak references to `referent`, oldest first.
pub fn weakrefs_of(referent: &ObjRef) -> Vec<ObjRef> {
    if referent.flags() & FLAG_WEAKREFED == 0 {
        return Vec::new();
    }
    WEAKREFS.with(|w| {
        w.borrow()
            .get(&referent.addr())
            .map(|list| {
                list.iter()
                    // SAFETY: registered weak references are alive (each
                    // leaves the registry before it is freed).
                    .map(|p| unsafe { ObjRef::from_borrowed(*p) })
                    .collect()
            })
            .unwrap_or_default()
    })
}

/// A weak reference object is going: it leaves its referent's list.
fn unregister_weakref(weakref: NonNull<Header>) {
    // SAFETY: the weak reference is still allocated (being released).
    let data = unsafe {
        &(*weakref
            .as_ptr()
            .cast::<Boxed<crate::types::weakref::WeakRefData>>())
        .data
    };
    let Some(referent) = data.referent.get() else {
        return;
    };
    WEAKREFS.with(|w| {
        let mut map = w.borrow_mut();
        let key = referent.as_ptr() as usize;
        if let Some(list) = map.get_mut(&key) {
            list.retain(|p| *p != weakref);
            if list.is_empty() {
                map.remove(&key);
            }
        }
    });
}

/// The object at `ptr` is dying: its weak references go dead, then their
/// callbacks run (newest first, as CPython runs them).
fn clear_weakrefs(ptr: NonNull<Header>) {
    let Some(list) = WEAKREFS.with(|w| w.borrow_mut().remove(&(ptr.as_ptr() as usize))) else {
        return;
    };
    let mut callbacks = Vec::new();
    for p in list {
        // SAFETY: registered weak references are alive; the new strong
        // reference keeps each alive while its callback runs.
        let weak = unsafe { ObjRef::from_borrowed(p) };
        let data = weak.payload::<crate::types::weakref::WeakRefData>();
        data.referent.set(None);
        let callback = data.callback.borrow_mut().take();
        if let Some(cb) = callback {
            callbacks.push((weak, cb));
        }
    }
    if let Some(hook) = WEAK_CALLBACK.with(Cell::get) {
        for (weak, cb) in callbacks.iter().rev() {
            hook(weak, cb);
        }
    }
}

/// The last reference to the object at `ptr` is going: finalize, then free
/// (or queue the free when the native stack is already deep in frees).
#[cold]
fn release(ptr: NonNull<Header>) {
    // SAFETY: the object is live until freed below.
    let header = unsafe { ptr.as_ref() };
    // Run `__del__` once, with the object temporarily alive again.
    if header.flags.get() & FLAG_FINALIZED == 0
        && wants_finalizer(header)
        && let Some(hook) = FINALIZER.with(Cell::get)
    {
        header.flags.set(header.flags.get() | FLAG_FINALIZED);
        header.refcnt.set(1);
        let obj = ObjRef { ptr };
        hook(&obj);
        let n = header.refcnt.get();
        std::mem::forget(obj);
        if n > 1 {
            // Resurrected: the finalizer stored a new reference.
            header.refcnt.set(n - 1);
            return;
        }
    }
    if header.flags.get() & FLAG_WEAKREFED != 0 {
        // Dead to weak references before its memory goes (or waits in the
        // free queue).
        clear_weakrefs(ptr);
    }
    if header.kind == Kind::WeakRef {
        unregister_weakref(ptr);
    }
    if header.flags.get() & FLAG_SIDE_SLOTS != 0 {
        let slots = SIDE_SLOTS.with(|t| t.borrow_mut().remove(&(ptr.as_ptr() as usize)));
        // Released outside the table's borrow: they may free more objects.
        drop(slots);
    }
    header.refcnt.set(0);
    let depth = FREE_DEPTH.with(Cell::get);
    if depth >= MAX_FREE_DEPTH {
        FREE_QUEUE.with(|q| q.borrow_mut().push(ptr));
        return;
    }
    FREE_DEPTH.with(|d| d.set(depth + 1));
    // SAFETY: the count reached zero: nothing else refers to the object.
    unsafe { free_now(ptr) };
    if depth == 0 {
        // The outermost free drains what deeper frees put off.
        while let Some(next) = FREE_QUEUE.with(|q| q.borrow_mut().pop()) {
            // SAFETY: queued objects had no references left.
            unsafe { free_now(next) };
        }
    }
    FREE_DEPTH.with(|d| d.set(depth));
}

/// Whether the object's type has a finalizer (`__del__`, or a generator's
/// close).
fn wants_finalizer(header: &Header) -> bool {
    // SAFETY: the type outlives its instances.
    let ty = unsafe { header.ty.get().as_ref() };
    if ty.kind != Kind::Type {
        return false;
    }
    // SAFETY: a header of kind `Type` starts a `Boxed<TypeData>`.
    let data = unsafe {
        &(*header
            .ty
            .get()
            .as_ptr()
            .cast::<Boxed<crate::types::typeobj::TypeData>>())
        .data
    };
    data.has_finalizer()
}

/// Drops the header's references and the payload, and frees the memory.
///
/// # Safety
/// The object must have no references left.
unsafe fn free_now(ptr: NonNull<Header>) {
    // SAFETY: the object is still allocated; we only read its header.
    let header = unsafe { ptr.as_ref() };
    let kind = header.kind;
    let ty = header.ty.get();
    let dict = header.dict.replace(std::ptr::null_mut());
    // SAFETY: the caller guarantees no references remain; `ty` and `dict`
    // were counted references held by the header.
    unsafe {
        free_object(kind, ptr);
        drop(ObjRef::from_raw(ty));
        if let Some(dict) = NonNull::new(dict) {
            drop(ObjRef::from_raw(dict));
        }
    }
}

impl fmt::Debug for ObjRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "<{:?} object at {:#x}>", self.kind(), self.addr())
    }
}

impl PartialEq for ObjRef {
    fn eq(&self, other: &Self) -> bool {
        self.is(other)
    }
}

impl Eq for ObjRef {}

impl std::hash::Hash for ObjRef {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.addr().hash(state);
    }
}

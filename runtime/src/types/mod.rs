//! The builtin types: one table creates them all (name, base, payload kind,
//! flags), and each type's module fills in its methods.

pub mod asyncgen;
pub mod builtin;
pub mod bytes;
pub mod complex;
pub mod descriptor;
pub mod dict;
pub mod exception;
pub mod float;
pub mod function;
pub mod generator;
pub mod instance;
pub mod int;
pub mod iterators;
pub mod list;
pub mod memoryview;
pub mod module;
pub mod namespace;
pub mod native;
pub mod range;
pub mod set;
pub mod singletons;
pub mod slice;
pub mod str;
pub mod strformat;
pub mod strmethods;
pub mod structseq;
pub mod template;
pub mod tuple;
pub mod typeobj;
pub mod weakref;

use crate::object::{Kind, ObjRef};
use typeobj::{TypeData, flags};

macro_rules! builtin_types {
    ($($field:ident: $name:literal, $base:ident, $kind:ident, $flags:expr;)*) => {
        /// The builtin types of an interpreter.
        pub struct Types {
            /// `type`.
            pub type_: ObjRef,
            /// `object`.
            pub object: ObjRef,
            $(
                #[doc = concat!("`", $name, "`.")]
                pub $field: ObjRef,
            )*
            /// The builtin exception types.
            pub exc: exception::Exceptions,
        }

        impl Types {
            /// Creates the builtin types (their methods come later, from
            /// `init_types`).
            pub fn new() -> Types {
                let type_ = ObjRef::new_self_typed(TypeData::new_builtin("type", None, Kind::Type, flags::BASETYPE | flags::TYPE_SUBCLASS));
                let object = typeobj::new_builtin_type(&type_, "object", None, Kind::Instance, flags::BASETYPE);
                typeobj::set_base(&type_, &object);
                $(
                    let $field = typeobj::new_builtin_type(&type_, $name, Some(&builtin_types!(@base object $base)), Kind::$kind, $flags);
                )*
                let exc = exception::Exceptions::new(&type_, &object);
                let types = Types { type_, object, $($field,)* exc };
                // Type dicts come last: `dict` itself had to exist first.
                let mut all: Vec<&ObjRef> = vec![&types.type_, &types.object, $(&types.$field,)*];
                all.extend(types.exc.all());
                for t in all {
                    t.set_dict(Some(dict::new_dict_with_type_raw(&types.dict)));
                }
                types
            }
        }
    };
    (@base $object:ident object) => { $object };
    (@base $object:ident $base:ident) => { $base };
}

builtin_types! {
    none: "NoneType", object, Singleton, 0;
    not_implemented_type: "NotImplementedType", object, Singleton, 0;
    ellipsis_type: "ellipsis", object, Singleton, 0;
    int: "int", object, Int, flags::BASETYPE | flags::LONG_SUBCLASS;
    bool_: "bool", int, Int, flags::LONG_SUBCLASS;
    float: "float", object, Float, flags::BASETYPE;
    complex: "complex", object, Complex, flags::BASETYPE;
    str: "str", object, Str, flags::BASETYPE | flags::UNICODE_SUBCLASS;
    bytes: "bytes", object, Bytes, flags::BASETYPE | flags::BYTES_SUBCLASS;
    bytearray: "bytearray", object, ByteArray, flags::BASETYPE;
    tuple: "tuple", object, Tuple, flags::BASETYPE | flags::TUPLE_SUBCLASS;
    list: "list", object, List, flags::BASETYPE | flags::LIST_SUBCLASS;
    dict: "dict", object, Dict, flags::BASETYPE | flags::DICT_SUBCLASS;
    set: "set", object, Set, flags::BASETYPE;
    frozenset: "frozenset", object, Set, flags::BASETYPE;
    range: "range", object, Range, 0;
    memoryview: "memoryview", object, Native, 0;
    thread_lock: "lock", object, Native, 0;
    thread_rlock: "RLock", object, Native, 0;
    slice: "slice", object, Slice, 0;
    function: "function", object, Function, flags::HAS_DICT;
    code: "code", object, Code, 0;
    cell: "cell", object, Cell, 0;
    method: "method", object, Method, 0;
    builtin_function: "builtin_function_or_method", object, Builtin, 0;
    method_descriptor: "method_descriptor", object, MethodDescriptor, 0;
    classmethod_descriptor: "classmethod_descriptor", object, MethodDescriptor, 0;
    wrapper_descriptor: "wrapper_descriptor", object, MethodDescriptor, 0;
    module: "module", object, Module, flags::BASETYPE | flags::HAS_DICT;
    property: "property", object, Property, flags::BASETYPE;
    classmethod: "classmethod", object, ClassMethod, flags::BASETYPE | flags::HAS_DICT;
    staticmethod: "staticmethod", object, StaticMethod, flags::BASETYPE | flags::HAS_DICT;
    member_descriptor: "member_descriptor", object, MemberDescriptor, 0;
    getset_descriptor: "getset_descriptor", object, GetSetDescriptor, 0;
    super_: "super", object, Super, flags::BASETYPE;
    traceback: "traceback", object, Traceback, 0;
    frame: "frame", object, Frame, 0;
    generator: "generator", object, Generator, 0;
    coroutine: "coroutine", object, Generator, 0;
    async_generator: "async_generator", object, Generator, 0;
    coroutine_wrapper: "coroutine_wrapper", object, Iterator, 0;
    async_generator_asend: "async_generator_asend", object, Native, 0;
    async_generator_athrow: "async_generator_athrow", object, Iterator, 0;
    async_generator_wrapped_value: "async_generator_wrapped_value", object, Native, 0;
    weakref: "ReferenceType", object, WeakRef, flags::BASETYPE;
    weakproxy: "ProxyType", object, WeakRef, 0;
    weakcallableproxy: "CallableProxyType", object, WeakRef, 0;
    list_iterator: "list_iterator", object, Iterator, 0;
    list_reverseiterator: "list_reverseiterator", object, Iterator, 0;
    tuple_iterator: "tuple_iterator", object, Iterator, 0;
    range_iterator: "range_iterator", object, Iterator, 0;
    longrange_iterator: "longrange_iterator", object, Iterator, 0;
    str_iterator: "str_ascii_iterator", object, Iterator, 0;
    bytes_iterator: "bytes_iterator", object, Iterator, 0;
    bytearray_iterator: "bytearray_iterator", object, Iterator, 0;
    dict_keyiterator: "dict_keyiterator", object, Iterator, 0;
    dict_valueiterator: "dict_valueiterator", object, Iterator, 0;
    dict_itemiterator: "dict_itemiterator", object, Iterator, 0;
    dict_reversekeyiterator: "dict_reversekeyiterator", object, Iterator, 0;
    dict_reversevalueiterator: "dict_reversevalueiterator", object, Iterator, 0;
    dict_reverseitemiterator: "dict_reverseitemiterator", object, Iterator, 0;
    dict_keys: "dict_keys", object, Iterator, 0;
    dict_values: "dict_values", object, Iterator, 0;
    dict_items: "dict_items", object, Iterator, 0;
    set_iterator: "set_iterator", object, Iterator, 0;
    enumerate: "enumerate", object, Iterator, flags::BASETYPE;
    zip: "zip", object, Iterator, flags::BASETYPE;
    map: "map", object, Iterator, flags::BASETYPE;
    filter: "filter", object, Iterator, flags::BASETYPE;
    reversed: "reversed", object, Iterator, flags::BASETYPE;
    callable_iterator: "callable_iterator", object, Iterator, 0;
    seq_iterator: "iterator", object, Iterator, 0;
    mappingproxy: "mappingproxy", object, Iterator, 0;
    cell_contents: "cell_contents", object, Iterator, 0;
    template: "Template", object, Native, 0;
    interpolation: "Interpolation", object, Native, 0;
    template_iter: "TemplateIter", object, Iterator, 0;
    generic_alias: "GenericAlias", object, Native, flags::BASETYPE;
    union_type: "Union", object, Native, 0;
    typevar: "TypeVar", object, Native, 0;
    paramspec: "ParamSpec", object, Native, 0;
    typevartuple: "TypeVarTuple", object, Native, 0;
    typealias: "TypeAliasType", object, Native, 0;
    generic: "Generic", object, Instance, flags::BASETYPE;
    text_io: "TextIOWrapper", object, Native, 0;
    buffered_reader: "BufferedReader", object, Native, 0;
    buffered_writer: "BufferedWriter", object, Native, 0;
    native: "native", object, Native, 0;
}

impl Default for Types {
    fn default() -> Self {
        Types::new()
    }
}

/// Fills in the methods and attributes of the builtin types.
pub fn init_types(vm: &crate::vm::Vm) {
    typeobj::init(vm);
    instance::init(vm);
    singletons::init(vm);
    int::init(vm);
    float::init(vm);
    complex::init(vm);
    str::init(vm);
    bytes::init(vm);
    tuple::init(vm);
    list::init(vm);
    dict::init(vm);
    set::init(vm);
    range::init(vm);
    slice::init(vm);
    function::init(vm);
    builtin::init(vm);
    module::init(vm);
    descriptor::init(vm);
    exception::init(vm);
    generator::init(vm);
    asyncgen::init(vm);
    iterators::init(vm);
    native::init(vm);
    template::init(vm);
    weakref::init(vm);
    memoryview::init(vm);
    crate::modules::thread::init_types(vm);
    crate::frame::init(vm);
    crate::io::init(vm);
}

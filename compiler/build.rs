//! Generates the AST node types and the `ast.dump` printer from `ast.spec`.
//!
//! The spec is the single description of CPython's `ast` node classes; everything
//! that depends on node names, field names or field order is derived here.

use std::fmt::Write as _;
use std::path::PathBuf;

/// How a field holds its values.
#[derive(Clone, Copy, PartialEq)]
enum Arity {
    One,
    Optional,
    List,
    OptionalList,
}

struct Field {
    name: String,
    ty: String,
    arity: Arity,
}

struct Variant {
    name: String,
    fields: Vec<Field>,
}

enum Def {
    Sum {
        name: String,
        located: bool,
        variants: Vec<Variant>,
    },
    Product {
        name: String,
        located: bool,
        fields: Vec<Field>,
    },
    Enum {
        name: String,
        variants: Vec<String>,
    },
}

impl Def {
    fn name(&self) -> &str {
        match self {
            Def::Sum { name, .. } | Def::Product { name, .. } | Def::Enum { name, .. } => name,
        }
    }
}

fn camel(snake: &str) -> String {
    match snake {
        "withitem" => return "WithItem".into(),
        "excepthandler" => return "ExceptHandler".into(),
        "boolop" => return "BoolOp".into(),
        "cmpop" => return "CmpOp".into(),
        "unaryop" => return "UnaryOp".into(),
        _ => {}
    }
    snake
        .split('_')
        .map(|part| {
            let mut chars = part.chars();
            match chars.next() {
                Some(first) => first.to_ascii_uppercase().to_string() + chars.as_str(),
                None => String::new(),
            }
        })
        .collect()
}

fn rust_field_name(name: &str) -> &str {
    match name {
        "type" => "typ",
        other => other,
    }
}

fn parse_field(text: &str) -> Field {
    let (name, ty) = text
        .split_once(':')
        .unwrap_or_else(|| panic!("field without type: {text}"));
    let (ty, arity) = if let Some(t) = ty.strip_suffix("?*") {
        (t, Arity::OptionalList)
    } else if let Some(t) = ty.strip_suffix('*') {
        (t, Arity::List)
    } else if let Some(t) = ty.strip_suffix('?') {
        (t, Arity::Optional)
    } else {
        (ty, Arity::One)
    };
    Field {
        name: name.to_string(),
        ty: ty.to_string(),
        arity,
    }
}

fn parse_spec(text: &str) -> Vec<Def> {
    let mut defs: Vec<Def> = Vec::new();
    for raw in text.lines() {
        let line = raw.split('#').next().unwrap_or("");
        if line.trim().is_empty() {
            continue;
        }
        let indented = line.starts_with(' ');
        let words: Vec<&str> = line.split_whitespace().collect();
        if !indented {
            let located = words.get(2) == Some(&"located");
            let name = words[1].to_string();
            defs.push(match words[0] {
                "sum" => Def::Sum {
                    name,
                    located,
                    variants: Vec::new(),
                },
                "product" => Def::Product {
                    name,
                    located,
                    fields: Vec::new(),
                },
                "enum" => Def::Enum {
                    name,
                    variants: Vec::new(),
                },
                other => panic!("unknown definition kind {other}"),
            });
            continue;
        }
        match defs.last_mut().expect("member before definition") {
            Def::Sum { variants, .. } => variants.push(Variant {
                name: words[0].to_string(),
                fields: words[1..].iter().map(|w| parse_field(w)).collect(),
            }),
            Def::Product { fields, .. } => fields.extend(words.iter().map(|w| parse_field(w))),
            Def::Enum { variants, .. } => variants.extend(words.iter().map(|w| w.to_string())),
        }
    }
    defs
}

struct Gen<'a> {
    defs: &'a [Def],
    out: String,
}

impl Gen<'_> {
    fn is_enum(&self, ty: &str) -> bool {
        self.defs
            .iter()
            .any(|d| matches!(d, Def::Enum { name, .. } if name == ty))
    }

    fn base_type(&self, ty: &str) -> String {
        match ty {
            "identifier" => "Identifier".into(),
            "string" => "String".into(),
            "int" => "i32".into(),
            "constant" => "Constant".into(),
            other => camel(other),
        }
    }

    fn field_type(&self, field: &Field) -> String {
        let base = self.base_type(&field.ty);
        let scalar = matches!(
            field.ty.as_str(),
            "identifier" | "string" | "int" | "constant"
        ) || self.is_enum(&field.ty);
        match field.arity {
            Arity::One if scalar => base,
            Arity::One => format!("Box<{base}>"),
            Arity::Optional if scalar => format!("Option<{base}>"),
            Arity::Optional => format!("Option<Box<{base}>>"),
            Arity::List => format!("Vec<{base}>"),
            Arity::OptionalList => format!("Vec<Option<{base}>>"),
        }
    }

    fn field_decls(&mut self, fields: &[Field], indent: &str, public: bool) {
        for field in fields {
            let ty = self.field_type(field);
            let vis = if public { "pub " } else { "" };
            writeln!(
                self.out,
                "{indent}/// The `{}` field of the Python node.\n{indent}{vis}{}: {ty},",
                field.name,
                rust_field_name(&field.name)
            )
            .unwrap();
        }
    }

    /// Emits the statements that dump `fields`, each reached through `access`.
    fn dump_fields(&mut self, fields: &[Field], access: &dyn Fn(&str) -> String) {
        for field in fields {
            let value = access(rust_field_name(&field.name));
            let name = &field.name;
            let stmt = match field.arity {
                Arity::One => format!("w.field(\"{name}\", {value});"),
                Arity::Optional => {
                    format!("if let Some(v) = {value} {{ w.field(\"{name}\", v); }}")
                }
                Arity::List | Arity::OptionalList => {
                    format!("if !{value}.is_empty() {{ w.field(\"{name}\", {value}); }}")
                }
            };
            writeln!(self.out, "        {stmt}").unwrap();
        }
    }

    fn generate(&mut self) {
        let defs = self.defs;
        for def in defs {
            match def {
                Def::Enum { name, variants } => self.gen_enum(name, variants),
                Def::Product {
                    name,
                    located,
                    fields,
                } => self.gen_product(name, name, *located, fields),
                Def::Sum {
                    name,
                    located,
                    variants,
                } if variants.len() == 1 => {
                    self.gen_product(name, &variants[0].name, *located, &variants[0].fields)
                }
                Def::Sum {
                    name,
                    located,
                    variants,
                } => self.gen_sum(name, *located, variants),
            }
        }
    }

    fn gen_enum(&mut self, name: &str, variants: &[String]) {
        let ty = camel(name);
        writeln!(
            self.out,
            "/// The `{name}` node classes of Python's `ast` module.\n\
             #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]\npub enum {ty} {{"
        )
        .unwrap();
        for v in variants {
            writeln!(self.out, "    /// `ast.{v}`.\n    {v},").unwrap();
        }
        writeln!(self.out, "}}\n").unwrap();
        writeln!(
            self.out,
            "impl {ty} {{\n    /// The Python class name of this node.\n    pub fn class_name(self) -> &'static str {{\n        match self {{"
        )
        .unwrap();
        for v in variants {
            writeln!(self.out, "            {ty}::{v} => \"{v}\",").unwrap();
        }
        writeln!(self.out, "        }}\n    }}\n}}\n").unwrap();
        writeln!(
            self.out,
            "impl Dump for {ty} {{\n    fn dump(&self, w: &mut DumpWriter) {{\n        w.open(self.class_name());\n        w.close(None);\n    }}\n}}\n"
        )
        .unwrap();
    }

    fn gen_product(&mut self, spec_name: &str, class: &str, located: bool, fields: &[Field]) {
        let ty = camel(spec_name);
        writeln!(
            self.out,
            "/// Python's `ast.{class}` node.\n#[derive(Clone, Debug, PartialEq)]\npub struct {ty} {{"
        )
        .unwrap();
        self.field_decls(fields, "    ", true);
        if located {
            writeln!(
                self.out,
                "    /// Where the node sits in the source.\n    pub range: TextRange,"
            )
            .unwrap();
        }
        writeln!(self.out, "}}\n").unwrap();
        writeln!(
            self.out,
            "impl Dump for {ty} {{\n    fn dump(&self, w: &mut DumpWriter) {{\n        w.open(\"{class}\");"
        )
        .unwrap();
        self.dump_fields(fields, &|f| format!("&self.{f}"));
        let range = if located { "Some(self.range)" } else { "None" };
        writeln!(self.out, "        w.close({range});\n    }}\n}}\n").unwrap();
    }

    fn gen_sum(&mut self, name: &str, located: bool, variants: &[Variant]) {
        let ty = camel(name);
        let kind = if located {
            format!("{ty}Kind")
        } else {
            ty.clone()
        };
        if located {
            writeln!(
                self.out,
                "/// A Python `ast.{name}` node: its kind and where it sits in the source.\n\
                 #[derive(Clone, Debug, PartialEq)]\npub struct {ty} {{\n    \
                 /// Which `{name}` class this is, with its fields.\n    pub kind: {kind},\n    \
                 /// Where the node sits in the source.\n    pub range: TextRange,\n}}\n"
            )
            .unwrap();
        }
        writeln!(
            self.out,
            "/// The classes of the `ast.{name}` family.\n#[derive(Clone, Debug, PartialEq)]\npub enum {kind} {{"
        )
        .unwrap();
        for v in variants {
            if v.fields.is_empty() {
                writeln!(self.out, "    /// `ast.{}`.\n    {},", v.name, v.name).unwrap();
            } else {
                writeln!(self.out, "    /// `ast.{}`.\n    {} {{", v.name, v.name).unwrap();
                self.field_decls(&v.fields, "        ", false);
                writeln!(self.out, "    }},").unwrap();
            }
        }
        writeln!(self.out, "}}\n").unwrap();

        writeln!(
            self.out,
            "impl {kind} {{\n    /// The Python class name of this node.\n    pub fn class_name(&self) -> &'static str {{\n        match self {{"
        )
        .unwrap();
        for v in variants {
            let pat = if v.fields.is_empty() { "" } else { " { .. }" };
            writeln!(
                self.out,
                "            {kind}::{}{pat} => \"{}\",",
                v.name, v.name
            )
            .unwrap();
        }
        writeln!(self.out, "        }}\n    }}\n}}\n").unwrap();

        let (subject, range) = if located {
            ("&self.kind", "Some(self.range)")
        } else {
            ("self", "None")
        };
        writeln!(
            self.out,
            "impl Dump for {ty} {{\n    fn dump(&self, w: &mut DumpWriter) {{\n        match {subject} {{"
        )
        .unwrap();
        for v in variants {
            let names: Vec<&str> = v.fields.iter().map(|f| rust_field_name(&f.name)).collect();
            let pat = if names.is_empty() {
                String::new()
            } else {
                format!(" {{ {} }}", names.join(", "))
            };
            writeln!(
                self.out,
                "            {kind}::{}{pat} => {{\n        w.open(\"{}\");",
                v.name, v.name
            )
            .unwrap();
            self.dump_fields(&v.fields, &|f| f.to_string());
            writeln!(self.out, "            }}").unwrap();
        }
        writeln!(
            self.out,
            "        }}\n        w.close({range});\n    }}\n}}\n"
        )
        .unwrap();
    }
}

/// The Python classes `_ast` defines, in one order: each family's abstract
/// class before its members. Returns (class name, base class, spec def index,
/// variant index) rows.
fn class_rows(defs: &[Def]) -> Vec<(String, String, Vec<Field>, bool)> {
    let mut rows = Vec::new();
    for def in defs {
        match def {
            Def::Sum {
                name,
                located,
                variants,
            } => {
                rows.push((name.clone(), "AST".to_string(), Vec::new(), *located));
                for v in variants {
                    rows.push((
                        v.name.clone(),
                        name.clone(),
                        clone_fields(&v.fields),
                        *located,
                    ));
                }
            }
            Def::Enum { name, variants } => {
                rows.push((name.clone(), "AST".to_string(), Vec::new(), false));
                for v in variants {
                    rows.push((v.clone(), name.clone(), Vec::new(), false));
                }
            }
            Def::Product {
                name,
                located,
                fields,
            } => rows.push((
                name.clone(),
                "AST".to_string(),
                clone_fields(fields),
                *located,
            )),
        }
    }
    rows
}

fn clone_fields(fields: &[Field]) -> Vec<Field> {
    fields
        .iter()
        .map(|f| Field {
            name: f.name.clone(),
            ty: f.ty.clone(),
            arity: f.arity,
        })
        .collect()
}

fn arity_name(a: Arity) -> &'static str {
    match a {
        Arity::One => "One",
        Arity::Optional => "Optional",
        Arity::List => "List",
        Arity::OptionalList => "OptionalList",
    }
}

impl Gen<'_> {
    /// The class table and the conversions between nodes and any other tree
    /// (`ToTree`/`FromTree`), which `_ast` uses to make Python objects.
    fn generate_tree(&mut self) {
        let rows = class_rows(self.defs);
        let index = |name: &str| rows.iter().position(|r| r.0 == name).expect("class");
        writeln!(
            self.out,
            "/// Every class of `_ast` below `AST`.\npub const CLASSES: &[ClassInfo] = &["
        )
        .unwrap();
        for (name, base, fields, located) in &rows {
            write!(self.out, "    ClassInfo {{ name: \"{name}\", base: \"{base}\", located: {located}, fields: &[").unwrap();
            for f in fields {
                write!(
                    self.out,
                    "FieldInfo {{ name: \"{}\", ty: \"{}\", arity: FieldArity::{} }}, ",
                    f.name,
                    f.ty,
                    arity_name(f.arity)
                )
                .unwrap();
            }
            writeln!(self.out, "] }},").unwrap();
        }
        writeln!(self.out, "];\n").unwrap();
        let defs = self.defs;
        for def in defs {
            match def {
                Def::Enum { name, variants } => {
                    let ty = camel(name);
                    writeln!(self.out, "impl ToTree for {ty} {{\n    fn to_tree<B: TreeBuilder>(&self, b: &mut B) -> B::Out {{\n        let class = match self {{").unwrap();
                    for v in variants {
                        writeln!(self.out, "            {ty}::{v} => {},", index(v)).unwrap();
                    }
                    writeln!(
                        self.out,
                        "        }};\n        b.node(class, Vec::new(), None)\n    }}\n}}\n"
                    )
                    .unwrap();
                    writeln!(self.out, "impl FromTree for {ty} {{\n    fn from_tree<R: TreeReader>(r: &mut R, v: R::In) -> Result<Self, R::Error> {{\n        match r.class_of(&v, {})? {{", index(name)).unwrap();
                    for v in variants {
                        writeln!(self.out, "            {} => Ok({ty}::{v}),", index(v)).unwrap();
                    }
                    writeln!(
                        self.out,
                        "            _ => Err(r.wrong_class(&v, {})),\n        }}\n    }}\n}}\n",
                        index(name)
                    )
                    .unwrap();
                }
                Def::Product {
                    name,
                    located,
                    fields,
                } => {
                    self.tree_struct(name, index(name), *located, fields, index(name));
                }
                Def::Sum {
                    name,
                    located,
                    variants,
                } if variants.len() == 1 => {
                    let v = &variants[0];
                    self.tree_struct(name, index(&v.name), *located, &v.fields, index(name));
                }
                Def::Sum {
                    name,
                    located,
                    variants,
                } => {
                    let ty = camel(name);
                    let kind = if *located {
                        format!("{ty}Kind")
                    } else {
                        ty.clone()
                    };
                    let subject = if *located { "&self.kind" } else { "self" };
                    let range = if *located { "Some(self.range)" } else { "None" };
                    writeln!(self.out, "impl ToTree for {ty} {{\n    fn to_tree<B: TreeBuilder>(&self, b: &mut B) -> B::Out {{\n        let (class, fields) = match {subject} {{").unwrap();
                    for v in variants {
                        let names: Vec<&str> =
                            v.fields.iter().map(|f| rust_field_name(&f.name)).collect();
                        let pat = if names.is_empty() {
                            String::new()
                        } else {
                            format!(" {{ {} }}", names.join(", "))
                        };
                        let vals: Vec<String> =
                            names.iter().map(|n| format!("{n}.to_tree(b)")).collect();
                        writeln!(
                            self.out,
                            "            {kind}::{}{pat} => ({}, vec![{}]),",
                            v.name,
                            index(&v.name),
                            vals.join(", ")
                        )
                        .unwrap();
                    }
                    writeln!(
                        self.out,
                        "        }};\n        b.node(class, fields, {range})\n    }}\n}}\n"
                    )
                    .unwrap();
                    writeln!(self.out, "impl FromTree for {ty} {{\n    fn from_tree<R: TreeReader>(r: &mut R, v: R::In) -> Result<Self, R::Error> {{").unwrap();
                    if *located {
                        // CPython reads a node's position before its class.
                        writeln!(
                            self.out,
                            "        let range = r.range(&v, {})?;",
                            index(name)
                        )
                        .unwrap();
                    }
                    writeln!(self.out, "        let class = r.class_of(&v, {})?;\n        let kind = match class {{", index(name)).unwrap();
                    for var in variants {
                        let ci = index(&var.name);
                        if var.fields.is_empty() {
                            writeln!(self.out, "            {ci} => {kind}::{},", var.name)
                                .unwrap();
                            continue;
                        }
                        writeln!(self.out, "            {ci} => {kind}::{} {{", var.name).unwrap();
                        for (i, f) in var.fields.iter().enumerate() {
                            writeln!(
                                self.out,
                                "                {}: {},",
                                rust_field_name(&f.name),
                                read_field(f.arity, ci, i)
                            )
                            .unwrap();
                        }
                        writeln!(self.out, "            }},").unwrap();
                    }
                    writeln!(
                        self.out,
                        "            _ => return Err(r.wrong_class(&v, {})),\n        }};",
                        index(name)
                    )
                    .unwrap();
                    if *located {
                        writeln!(self.out, "        Ok({ty} {{ kind, range }})").unwrap();
                    } else {
                        writeln!(self.out, "        Ok(kind)").unwrap();
                    }
                    writeln!(self.out, "    }}\n}}\n").unwrap();
                }
            }
        }
    }

    /// The conversions of a single-class node (a product, or a sum of one).
    fn tree_struct(
        &mut self,
        spec_name: &str,
        class: usize,
        located: bool,
        fields: &[Field],
        family: usize,
    ) {
        let ty = camel(spec_name);
        let names: Vec<&str> = fields.iter().map(|f| rust_field_name(&f.name)).collect();
        let vals: Vec<String> = names
            .iter()
            .map(|n| format!("self.{n}.to_tree(b)"))
            .collect();
        let range = if located { "Some(self.range)" } else { "None" };
        writeln!(
            self.out,
            "impl ToTree for {ty} {{\n    fn to_tree<B: TreeBuilder>(&self, b: &mut B) -> B::Out {{\n        let fields = vec![{}];\n        b.node({class}, fields, {range})\n    }}\n}}\n",
            vals.join(", ")
        )
        .unwrap();
        writeln!(self.out, "impl FromTree for {ty} {{\n    fn from_tree<R: TreeReader>(r: &mut R, v: R::In) -> Result<Self, R::Error> {{\n        if r.class_of(&v, {family})? != {class} {{\n            return Err(r.wrong_class(&v, {family}));\n        }}\n        Ok({ty} {{").unwrap();
        for (i, f) in fields.iter().enumerate() {
            writeln!(
                self.out,
                "            {}: {},",
                rust_field_name(&f.name),
                read_field(f.arity, class, i)
            )
            .unwrap();
        }
        if located {
            writeln!(self.out, "            range: r.range(&v, {class})?,").unwrap();
        }
        writeln!(self.out, "        }})\n    }}\n}}\n").unwrap();
    }
}

/// The expression that reads field `field` of class `class` from node `v`.
fn read_field(arity: Arity, class: usize, field: usize) -> String {
    match arity {
        Arity::One => {
            format!("{{ let f = r.required(&v, {class}, {field})?; FromTree::from_tree(r, f)? }}")
        }
        Arity::Optional => format!(
            "match r.optional(&v, {class}, {field})? {{ Some(f) => Some(FromTree::from_tree(r, f)?), None => None }}"
        ),
        Arity::List => format!(
            "r.list(&v, {class}, {field})?.into_iter().map(|f| FromTree::from_tree(r, f)).collect::<Result<_, _>>()?"
        ),
        Arity::OptionalList => format!(
            "r.list(&v, {class}, {field})?.into_iter().map(|f| if r.is_none(&f) {{ Ok(None) }} else {{ FromTree::from_tree(r, f).map(Some) }}).collect::<Result<_, _>>()?"
        ),
    }
}

fn main() {
    let spec_path = "ast.spec";
    println!("cargo::rerun-if-changed={spec_path}");
    let text = std::fs::read_to_string(spec_path).expect("read ast.spec");
    let defs = parse_spec(&text);
    let mut generator = Gen {
        defs: &defs,
        out: String::from("// Generated by build.rs from ast.spec; do not edit.\n\n"),
    };
    generator.generate();
    generator.generate_tree();
    let names: Vec<&str> = defs.iter().map(Def::name).collect();
    assert!(names.contains(&"expr"), "spec lacks expr");
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap()).join("ast_generated.rs");
    std::fs::write(out, generator.out).expect("write generated AST");
}

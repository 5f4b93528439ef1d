//! Token kinds: CPython's token types, with each operator and hard keyword its own
//! kind so the parser matches on one byte.

use crate::text::TextRange;

macro_rules! token_kinds {
    (
        plain { $($plain:ident),* $(,)? }
        ops { $($op:ident = $op_text:literal),* $(,)? }
        keywords { $($kw:ident = $kw_text:literal),* $(,)? }
    ) => {
        /// The kind of a token.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        #[repr(u8)]
        pub enum Tok {
            $(
                #[doc = concat!("The `", stringify!($plain), "` token.")]
                $plain,
            )*
            $(
                #[doc = concat!("`", $op_text, "`.")]
                $op,
            )*
            $(
                #[doc = concat!("The keyword `", $kw_text, "`.")]
                $kw,
            )*
        }

        impl Tok {
            /// The source text of an operator or keyword; `None` for other kinds.
            pub fn text(self) -> Option<&'static str> {
                match self {
                    $(Tok::$op => Some($op_text),)*
                    $(Tok::$kw => Some($kw_text),)*
                    _ => None,
                }
            }

            /// The keyword spelled `word`, if it is one.
            pub fn keyword(word: &str) -> Option<Tok> {
                match word {
                    $($kw_text => Some(Tok::$kw),)*
                    _ => None,
                }
            }

            /// Whether this kind is a hard keyword.
            pub fn is_keyword(self) -> bool {
                matches!(self, $(Tok::$kw)|*)
            }

            /// Every operator, longest spelling first, for the tokenizer's matcher.
            pub const OPERATORS: &'static [(&'static [u8], Tok)] = &[
                $(($op_text.as_bytes(), Tok::$op),)*
            ];
        }
    };
}

token_kinds! {
    plain {
        EndMarker, Name, Number, String,
        FStringStart, TStringStart, FStringMiddle, FStringEnd,
        Newline, Indent, Dedent, Error, Unknown,
        // Only from `tokenize_with_trivia`: the parser never sees these.
        Comment, Nl,
    }
    ops {
        // Three-character operators come first so the matcher takes the longest.
        Ellipsis = "...", DoubleStarEqual = "**=", DoubleSlashEqual = "//=",
        LeftShiftEqual = "<<=", RightShiftEqual = ">>=",
        NotEqual = "!=", EqEqual = "==", LessEqual = "<=", GreaterEqual = ">=",
        LeftShift = "<<", RightShift = ">>", DoubleStar = "**", DoubleSlash = "//",
        PlusEqual = "+=", MinEqual = "-=", StarEqual = "*=", SlashEqual = "/=",
        PercentEqual = "%=", AmperEqual = "&=", VBarEqual = "|=", CircumflexEqual = "^=",
        AtEqual = "@=", RArrow = "->", ColonEqual = ":=",
        LPar = "(", RPar = ")", LSqb = "[", RSqb = "]", LBrace = "{", RBrace = "}",
        Colon = ":", Comma = ",", Semi = ";", Plus = "+", Minus = "-", Star = "*",
        Slash = "/", VBar = "|", Amper = "&", Less = "<", Greater = ">", Equal = "=",
        Dot = ".", Percent = "%", Tilde = "~", Circumflex = "^", At = "@",
        Exclamation = "!",
    }
    keywords {
        False = "False", None = "None", True = "True", And = "and", As = "as",
        Assert = "assert", Async = "async", Await = "await", Break = "break",
        Class = "class", Continue = "continue", Def = "def", Del = "del",
        Elif = "elif", Else = "else", Except = "except", Finally = "finally",
        For = "for", From = "from", Global = "global", If = "if", Import = "import",
        In = "in", Is = "is", Lambda = "lambda", Nonlocal = "nonlocal", Not = "not",
        Or = "or", Pass = "pass", Raise = "raise", Return = "return", Try = "try",
        While = "while", With = "with", Yield = "yield",
    }
}

/// One token: its kind and where it sits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    /// What the token is.
    pub kind: Tok,
    /// Its source range.
    pub range: TextRange,
}

impl Token {
    /// A token of `kind` over `start..end`.
    pub fn new(kind: Tok, start: usize, end: usize) -> Self {
        Token {
            kind,
            range: TextRange::new(start as u32, end as u32),
        }
    }
}

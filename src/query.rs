//! The `--query` stage: JMESPath evaluated the way aws v1 evaluates it.
//!
//! aws runs `--query` through Python's `jmespath` 1.1.0 and prints whatever
//! Python objects come out, so byte-for-byte output needs Python's semantics,
//! not just the JMESPath spec's:
//!
//! * objects keep insertion order (response order, multi-select-hash order,
//!   `merge` in dict-update order);
//! * ints stay ints and floats stay floats (`sum([1,2])` is `3`, `avg` is a
//!   float, `ceil`/`floor` return ints), and 64-bit counts are never routed
//!   through f64;
//! * Python's quirks: `<` on non-numbers/strings gives null, `!0` is false,
//!   `true == 1` is false at the top level but `[true] == [1]` is true,
//!   arity and unknown-function errors surface at evaluation time, the
//!   parser accepts `f(a b)` and `{a:b c:d}`, `a[0][1:2]` does not project;
//! * parse and type errors carry Python's exact wording, because aws prints
//!   them verbatim after `Bad value for --query <expr>: `.
//!
//! Decision: own lexer, parser and evaluator, no JMESPath crate. The
//! `jmespath` crate (0.3) was considered for parsing only, but its AST holds
//! literals as its own `Variable` (objects in a `BTreeMap`, numbers as f64),
//! so `` `{"b":1,"a":2}` `` would come out sorted and `` `1` `` as a float; its
//! indices are i32, its error texts differ from Python's and its recursive
//! parser has no depth guard. Porting Python's small Pratt parser gives the
//! same accepted language and messages with no extra dependency.
//!
//! Depth: Python dies with `RecursionError` ("maximum recursion depth
//! exceeded") at a few hundred levels; here parser recursion and AST depth
//! are capped at 256 and report the same message, so hostile input can
//! never overflow the stack.
//!
//! Known gaps, mostly from `serde_json::Value` not being able to hold the
//! Python object: integers beyond the u64/i64 range (Python bignums, e.g. an
//! overflowing `sum`, `ceil(1e20)`, `` `-18446744073709551615` ``) become
//! floats; NaN and infinities (`to_number('inf')`, `` `1e400` ``) are errors
//! instead of printing as `NaN`/`Infinity`; a literal `-0` is a float; lone
//! surrogates (`"\ud800"`) are rejected or replaced; `to_number` reads ASCII
//! digits only; an `&expr` used anywhere but as a function argument is an
//! error rather than a Python object; the `str()` of values inside error
//! messages approximates `str.isprintable()`.

use std::borrow::Cow;
use std::cmp::Ordering;

use serde_json::{Map, Number, Value};

use crate::pyfmt::float_repr;

/// Nesting allowed, both for parser recursion and for AST depth (which is
/// evaluation recursion). Python gives up somewhere between ~250 and ~500
/// levels depending on the construct; 256 keeps every frame chain well
/// inside a 2 MiB thread stack even in debug builds.
const MAX_DEPTH: usize = 256;
const RECURSION: &str = "maximum recursion depth exceeded";
const EXPREF_LEAK: &str = "Object of type _Expression is not JSON serializable";

/// A compiled `--query` expression.
#[derive(Debug)]
pub struct Query {
    root: Node,
}

impl Query {
    /// Compiles once, before any request is sent. `Err` is the parser's
    /// reason, worded as Python jmespath words it.
    pub fn compile(expression: &str) -> Result<Query, String> {
        Parser::parse(expression).map(|root| Query { root })
    }

    /// Applies the expression to the whole result document.
    pub fn apply(&self, document: &Value) -> Result<Value, String> {
        eval(&self.root, document)
    }
}

// ---------------------------------------------------------------- lexer --

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
    Dot,
    Star,
    Rbracket,
    Comma,
    Colon,
    Current,
    Lparen,
    Rparen,
    Lbrace,
    Rbrace,
    UnquotedIdentifier,
    QuotedIdentifier,
    Flatten,
    Filter,
    Lbracket,
    Literal,
    Pipe,
    Or,
    Expref,
    And,
    Number,
    Lt,
    Lte,
    Gt,
    Gte,
    Eq,
    Ne,
    Not,
    Eof,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::Dot => "dot",
            Kind::Star => "star",
            Kind::Rbracket => "rbracket",
            Kind::Comma => "comma",
            Kind::Colon => "colon",
            Kind::Current => "current",
            Kind::Lparen => "lparen",
            Kind::Rparen => "rparen",
            Kind::Lbrace => "lbrace",
            Kind::Rbrace => "rbrace",
            Kind::UnquotedIdentifier => "unquoted_identifier",
            Kind::QuotedIdentifier => "quoted_identifier",
            Kind::Flatten => "flatten",
            Kind::Filter => "filter",
            Kind::Lbracket => "lbracket",
            Kind::Literal => "literal",
            Kind::Pipe => "pipe",
            Kind::Or => "or",
            Kind::Expref => "expref",
            Kind::And => "and",
            Kind::Number => "number",
            Kind::Lt => "lt",
            Kind::Lte => "lte",
            Kind::Gt => "gt",
            Kind::Gte => "gte",
            Kind::Eq => "eq",
            Kind::Ne => "ne",
            Kind::Not => "not",
            Kind::Eof => "eof",
        }
    }

    fn binding_power(self) -> u8 {
        match self {
            Kind::Pipe => 1,
            Kind::Or => 2,
            Kind::And => 3,
            Kind::Eq | Kind::Gt | Kind::Lt | Kind::Gte | Kind::Lte | Kind::Ne => 5,
            Kind::Flatten => 9,
            Kind::Star => 20,
            Kind::Filter => 21,
            Kind::Dot => 40,
            Kind::Not => 45,
            Kind::Lbrace => 50,
            Kind::Lbracket => 55,
            Kind::Lparen => 60,
            _ => 0,
        }
    }
}

/// Tokens with a binding power below this end a projection.
const PROJECTION_STOP: u8 = 10;

#[derive(Debug)]
enum Payload {
    None,
    Name(String),
    Int(i64),
    Json(Value),
}

#[derive(Debug)]
struct Token {
    kind: Kind,
    /// Position in characters, as Python counts.
    start: usize,
    /// Python's `str()` of the token value, for error messages.
    text: String,
    payload: Payload,
}

fn is_py_space(c: char) -> bool {
    c.is_whitespace() || ('\x1c'..='\x1f').contains(&c)
}

fn tokenize(expr: &str) -> Result<Vec<Token>, String> {
    let chars: Vec<char> = expr.chars().collect();
    if chars.is_empty() {
        return Err("Invalid JMESPath expression: cannot be empty.".to_owned());
    }
    let lex_error = |pos: usize, msg: &str| {
        format!(
            "Bad jmespath expression: {msg}:\n{expr}\n{}^",
            " ".repeat(pos)
        )
    };
    let n = chars.len();
    let mut out = Vec::new();
    let mut push = |kind: Kind, start: usize, text: String, payload: Payload| {
        out.push(Token {
            kind,
            start,
            text,
            payload,
        });
    };
    // One- or two-character operators: (second char, kind if matched, text, kind otherwise).
    let pair = |i: usize, second: char, both: Kind, single: Kind| -> (Kind, String, usize) {
        if chars.get(i + 1) == Some(&second) {
            (both, format!("{}{second}", chars[i]), 2)
        } else {
            (single, chars[i].to_string(), 1)
        }
    };
    let mut i = 0;
    while i < n {
        let c = chars[i];
        let simple = match c {
            '.' => Some(Kind::Dot),
            '*' => Some(Kind::Star),
            ']' => Some(Kind::Rbracket),
            ',' => Some(Kind::Comma),
            ':' => Some(Kind::Colon),
            '@' => Some(Kind::Current),
            '(' => Some(Kind::Lparen),
            ')' => Some(Kind::Rparen),
            '{' => Some(Kind::Lbrace),
            '}' => Some(Kind::Rbrace),
            _ => None,
        };
        if let Some(kind) = simple {
            push(kind, i, c.to_string(), Payload::None);
            i += 1;
        } else if c.is_ascii_alphabetic() || c == '_' {
            let start = i;
            while i < n && (chars[i].is_ascii_alphanumeric() || chars[i] == '_') {
                i += 1;
            }
            let name: String = chars[start..i].iter().collect();
            push(
                Kind::UnquotedIdentifier,
                start,
                name.clone(),
                Payload::Name(name),
            );
        } else if matches!(c, ' ' | '\t' | '\n' | '\r') {
            i += 1;
        } else if c == '[' {
            let (kind, text, width) = match chars.get(i + 1) {
                Some(']') => (Kind::Flatten, "[]", 2),
                Some('?') => (Kind::Filter, "[?", 2),
                _ => (Kind::Lbracket, "[", 1),
            };
            push(kind, i, text.to_owned(), Payload::None);
            i += width;
        } else if c == '\'' {
            let (raw, next) = consume_until(&chars, i, '\'')
                .ok_or_else(|| lex_error(i, "Unclosed ' delimiter"))?;
            let s = raw.replace("\\'", "'");
            push(Kind::Literal, i, s.clone(), Payload::Json(Value::String(s)));
            i = next;
        } else if c == '`' {
            let (raw, next) = consume_until(&chars, i, '`')
                .ok_or_else(|| lex_error(i, "Unclosed ` delimiter"))?;
            let lexeme = raw.replace("\\`", "`");
            let value = parse_literal(&lexeme).map_err(|msg| lex_error(i, &msg))?;
            push(Kind::Literal, i, py_str(&value), Payload::Json(value));
            i = next;
        } else if c == '"' {
            let (raw, next) = consume_until(&chars, i, '"')
                .ok_or_else(|| lex_error(i, "Unclosed \" delimiter"))?;
            let name = decode_json_string(&raw).map_err(|msg| lex_error(i, msg))?;
            push(Kind::QuotedIdentifier, i, name.clone(), Payload::Name(name));
            i = next;
        } else if c.is_ascii_digit() || c == '-' {
            let start = i;
            i += 1;
            while i < n && chars[i].is_ascii_digit() {
                i += 1;
            }
            if i - start == 1 && c == '-' {
                return Err(lex_error(start, "Unknown token '-'"));
            }
            let digits: String = chars[start..i].iter().collect();
            let (value, text) = parse_int_token(&digits);
            push(Kind::Number, start, text, Payload::Int(value));
        } else if matches!(c, '|' | '&' | '<' | '>' | '!') {
            let (kind, text, width) = match c {
                '|' => pair(i, '|', Kind::Or, Kind::Pipe),
                '&' => pair(i, '&', Kind::And, Kind::Expref),
                '<' => pair(i, '=', Kind::Lte, Kind::Lt),
                '>' => pair(i, '=', Kind::Gte, Kind::Gt),
                _ => pair(i, '=', Kind::Ne, Kind::Not),
            };
            push(kind, i, text, Payload::None);
            i += width;
        } else if c == '=' {
            if chars.get(i + 1) == Some(&'=') {
                push(Kind::Eq, i, "==".to_owned(), Payload::None);
                i += 2;
            } else {
                return Err(lex_error(i, "Unknown token '='"));
            }
        } else {
            return Err(lex_error(i, &format!("Unknown token {c}")));
        }
    }
    push(Kind::Eof, n, String::new(), Payload::None);
    Ok(out)
}

/// Reads a delimited lexeme starting at the opening delimiter. A backslash
/// keeps itself and the next character, whatever it is; unescaping is left
/// to the caller. Returns the body and the index after the closing delimiter.
fn consume_until(chars: &[char], start: usize, delimiter: char) -> Option<(String, usize)> {
    let mut body = String::new();
    let mut i = start + 1;
    loop {
        let c = *chars.get(i)?;
        if c == delimiter {
            return Some((body, i + 1));
        }
        if c == '\\' {
            body.push('\\');
            i += 1;
            body.push(*chars.get(i)?);
        } else {
            body.push(c);
        }
        i += 1;
    }
}

/// A backtick literal: JSON, or else (the pre-JEP-12 form) the text taken as
/// the body of a JSON string.
fn parse_literal(lexeme: &str) -> Result<Value, String> {
    let overflow = match serde_json::from_str::<Value>(lexeme) {
        Ok(v) => return Ok(v),
        Err(e) => e.to_string().starts_with("number out of range"),
    };
    // Python reads these as inf/nan, which a Value cannot hold; taking them
    // as strings instead would silently differ.
    let trimmed = lexeme.trim_matches(is_py_space);
    if overflow || matches!(trimmed, "NaN" | "Infinity" | "-Infinity") || looks_numeric(trimmed) {
        return Err(format!("Unsupported non-finite number {trimmed}"));
    }
    let quoted = format!("\"{}\"", lexeme.trim_start_matches(is_py_space));
    serde_json::from_str::<Value>(&quoted).map_err(|_| format!("Bad token {lexeme}"))
}

/// A JSON number by its shape (serde_json rejects only out-of-range ones).
fn looks_numeric(s: &str) -> bool {
    let body = s.strip_prefix('-').unwrap_or(s);
    let (mantissa, exponent) = match body.find(['e', 'E']) {
        Some(at) => (&body[..at], Some(&body[at + 1..])),
        None => (body, None),
    };
    let digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
    let mantissa_ok = match mantissa.split_once('.') {
        Some((whole, frac)) => digits(whole) && digits(frac),
        None => digits(mantissa),
    };
    let exponent_ok = exponent.is_none_or(|e| digits(e.strip_prefix(['+', '-']).unwrap_or(e)));
    mantissa_ok && exponent_ok
}

/// Number tokens are unbounded ints in Python; saturating is equivalent for
/// indexing (out of range either way) and slicing (clamped either way).
fn parse_int_token(digits: &str) -> (i64, String) {
    let (negative, body) = match digits.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, digits),
    };
    let trimmed = body.trim_start_matches('0');
    let text = match (trimmed.is_empty(), negative) {
        (true, _) => "0".to_owned(),
        (false, true) => format!("-{trimmed}"),
        (false, false) => trimmed.to_owned(),
    };
    let value = text
        .parse::<i64>()
        .unwrap_or(if negative { i64::MIN } else { i64::MAX });
    (value, text)
}

/// Decodes the body of a quoted identifier the way Python's `json.loads`
/// does, with its error texts (up to the first colon, as jmespath keeps).
fn decode_json_string(body: &str) -> Result<String, &'static str> {
    let mut out = String::new();
    let mut chars = body.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            if (c as u32) < 0x20 {
                return Err("Invalid control character at");
            }
            out.push(c);
            continue;
        }
        let escaped = match chars.next() {
            Some('"') => '"',
            Some('\\') => '\\',
            Some('/') => '/',
            Some('b') => '\x08',
            Some('f') => '\x0c',
            Some('n') => '\n',
            Some('r') => '\r',
            Some('t') => '\t',
            Some('u') => {
                let hi = read_hex4(&mut chars)?;
                if (0xd800..0xdc00).contains(&hi) {
                    let mut look = chars.clone();
                    if look.next() == Some('\\') && look.next() == Some('u') {
                        let lo = read_hex4(&mut look)?;
                        if (0xdc00..0xe000).contains(&lo) {
                            chars = look;
                            let code = 0x10000 + ((hi - 0xd800) << 10) + (lo - 0xdc00);
                            out.push(char::from_u32(code).unwrap_or('\u{fffd}'));
                            continue;
                        }
                    }
                }
                // A lone surrogate is legal in a Python str but not in Rust.
                char::from_u32(hi).unwrap_or('\u{fffd}')
            }
            _ => return Err("Invalid \\escape"),
        };
        out.push(escaped);
    }
    Ok(out)
}

fn read_hex4(chars: &mut std::str::Chars<'_>) -> Result<u32, &'static str> {
    let mut code = 0;
    for _ in 0..4 {
        let digit = chars
            .next()
            .and_then(|c| c.to_digit(16))
            .ok_or("Invalid \\uXXXX escape")?;
        code = code * 16 + digit;
    }
    Ok(code)
}

// ------------------------------------------------------------------ AST --

#[derive(Clone, Copy, Debug)]
enum Cmp {
    Eq,
    Ne,
    Lt,
    Lte,
    Gt,
    Gte,
}

#[derive(Debug)]
enum Ast {
    Identity,
    Field(String),
    Literal(Value),
    /// `a.b.c` and `a[0][1]`: applied in sequence (kept flat, as Python
    /// does, so long chains cost no depth).
    Chain(Vec<Node>),
    /// Python's `index_expression`, kept apart from `Chain` because a
    /// bracket after it appends instead of starting a projection.
    IndexExpr(Vec<Node>),
    Index(i64),
    Slice(Option<i64>, Option<i64>, Option<i64>),
    Projection(Box<Node>, Box<Node>),
    ValueProjection(Box<Node>, Box<Node>),
    FilterProjection(Box<Node>, Box<Node>, Box<Node>),
    Flatten(Box<Node>),
    MultiList(Vec<Node>),
    MultiHash(Vec<(String, Node)>),
    Or(Box<Node>, Box<Node>),
    And(Box<Node>, Box<Node>),
    Not(Box<Node>),
    Pipe(Box<Node>, Box<Node>),
    Compare(Cmp, Box<Node>, Box<Node>),
    Function(String, Vec<Node>),
    Expref(Box<Node>),
}

/// An AST node that knows its own depth, so depth is checked as the tree
/// grows: an over-deep tree is never built (dropping one would recurse too).
#[derive(Debug)]
struct Node {
    depth: usize,
    ast: Ast,
}

fn node(ast: Ast) -> Result<Node, String> {
    let below = match &ast {
        Ast::Identity | Ast::Field(_) | Ast::Literal(_) | Ast::Index(_) | Ast::Slice(..) => 0,
        Ast::Chain(v) | Ast::IndexExpr(v) | Ast::MultiList(v) | Ast::Function(_, v) => {
            v.iter().map(|n| n.depth).max().unwrap_or(0)
        }
        Ast::MultiHash(v) => v.iter().map(|(_, n)| n.depth).max().unwrap_or(0),
        Ast::Flatten(a) | Ast::Not(a) | Ast::Expref(a) => a.depth,
        Ast::Projection(a, b)
        | Ast::ValueProjection(a, b)
        | Ast::Or(a, b)
        | Ast::And(a, b)
        | Ast::Pipe(a, b)
        | Ast::Compare(_, a, b) => a.depth.max(b.depth),
        Ast::FilterProjection(a, b, c) => a.depth.max(b.depth).max(c.depth),
    };
    sized(below + 1, ast)
}

fn sized(depth: usize, ast: Ast) -> Result<Node, String> {
    if depth > MAX_DEPTH {
        return Err(RECURSION.to_owned());
    }
    Ok(Node { depth, ast })
}

/// Appends to a flat `Chain`/`IndexExpr` without rescanning its children,
/// so a long `a.b.c...` stays linear.
fn append(
    depth: usize,
    items: Vec<Node>,
    next: Node,
    rebuild: fn(Vec<Node>) -> Ast,
) -> Result<Node, String> {
    let depth = depth.max(next.depth + 1);
    let mut items = items;
    items.push(next);
    sized(depth, rebuild(items))
}

fn boxed(ast: Ast) -> Result<Box<Node>, String> {
    node(ast).map(Box::new)
}

fn identity() -> Node {
    Node {
        depth: 1,
        ast: Ast::Identity,
    }
}

// --------------------------------------------------------------- parser --

/// A port of the Pratt parser in Python jmespath 1.1.0, quirks included.
struct Parser<'a> {
    expression: &'a str,
    tokens: Vec<Token>,
    index: usize,
    depth: usize,
}

impl Parser<'_> {
    fn parse(expression: &str) -> Result<Node, String> {
        let tokens = tokenize(expression)?;
        let mut parser = Parser {
            expression,
            tokens,
            index: 0,
            depth: 0,
        };
        let root = parser.expression(0)?;
        if parser.current() != Kind::Eof {
            let text = parser.token(0).text.clone();
            return Err(parser.error_at(0, &format!("Unexpected token: {text}")));
        }
        Ok(root)
    }

    /// Token relative to the cursor; out-of-range positions read as the
    /// nearest end (the list always ends with `Eof`).
    fn token(&self, offset: isize) -> &Token {
        let at = self
            .index
            .saturating_add_signed(offset)
            .min(self.tokens.len().saturating_sub(1));
        &self.tokens[at]
    }

    fn current(&self) -> Kind {
        self.token(0).kind
    }

    fn advance(&mut self) {
        self.index += 1;
    }

    fn error_at(&self, offset: isize, reason: &str) -> String {
        let token = self.token(offset);
        self.error_for(token.start, token, reason)
    }

    fn error_for(&self, column: usize, token: &Token, reason: &str) -> String {
        format!(
            "{reason}: Parse error at column {column}, token \"{}\" ({}), for expression:\n\"{}\"\n{}^",
            token.text,
            token.kind.name().to_uppercase(),
            self.expression,
            " ".repeat(column + 1)
        )
    }

    fn incomplete(&self) -> String {
        format!(
            "Invalid jmespath expression: Incomplete expression:\n\"{}\"\n{}^",
            self.expression,
            " ".repeat(self.expression.chars().count() + 1)
        )
    }

    fn expect(&mut self, kind: Kind) -> Result<(), String> {
        if self.current() == kind {
            self.advance();
            Ok(())
        } else {
            Err(self.unexpected(kind.name()))
        }
    }

    fn unexpected(&self, expected: &str) -> String {
        let token = self.token(0);
        if token.kind == Kind::Eof {
            return self.incomplete();
        }
        let reason = format!("Expecting: {expected}, got: {}", token.kind.name());
        self.error_for(token.start, token, &reason)
    }

    fn expression(&mut self, binding_power: u8) -> Result<Node, String> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(RECURSION.to_owned());
        }
        let at = self.index;
        self.advance();
        let mut left = self.nud(at)?;
        loop {
            let kind = self.current();
            if binding_power >= kind.binding_power() {
                break;
            }
            self.advance();
            left = self.led(kind, left)?;
        }
        self.depth -= 1;
        Ok(left)
    }

    // nud/led only dispatch: each arm's work lives in its own function so
    // the frames on the recursive path stay small even in debug builds.
    fn nud(&mut self, at: usize) -> Result<Node, String> {
        match self.tokens.get(at).map_or(Kind::Eof, |t| t.kind) {
            Kind::Literal | Kind::UnquotedIdentifier | Kind::QuotedIdentifier => self.nud_leaf(at),
            Kind::Star => self.nud_star(),
            Kind::Filter => self.filter(identity()),
            Kind::Lbrace => self.multi_select_hash(),
            Kind::Lparen => self.nud_paren(),
            Kind::Flatten => self.flatten(identity()),
            Kind::Not => self.nud_not(),
            Kind::Lbracket => self.nud_bracket(),
            Kind::Current => Ok(identity()),
            Kind::Expref => self.nud_expref(),
            Kind::Eof => Err(self.incomplete()),
            _ => Err(self.error_at(-1, "invalid token")),
        }
    }

    fn nud_leaf(&mut self, at: usize) -> Result<Node, String> {
        let Some(token) = self.tokens.get(at) else {
            return Err(self.incomplete());
        };
        match &token.payload {
            Payload::Json(v) => node(Ast::Literal(v.clone())),
            Payload::Name(name) => {
                if token.kind == Kind::QuotedIdentifier && self.current() == Kind::Lparen {
                    // Python reports this one at column 0.
                    return Err(self.error_for(
                        0,
                        self.token(0),
                        "Quoted identifier not allowed for function names.",
                    ));
                }
                node(Ast::Field(name.clone()))
            }
            _ => node(Ast::Literal(Value::Null)),
        }
    }

    fn nud_star(&mut self) -> Result<Node, String> {
        let right = if self.current() == Kind::Rbracket {
            identity()
        } else {
            self.projection_rhs(Kind::Star.binding_power())?
        };
        node(Ast::ValueProjection(Box::new(identity()), Box::new(right)))
    }

    fn nud_paren(&mut self) -> Result<Node, String> {
        let inner = self.expression(0)?;
        self.expect(Kind::Rparen)?;
        Ok(inner)
    }

    fn nud_not(&mut self) -> Result<Node, String> {
        let inner = self.expression(Kind::Not.binding_power())?;
        node(Ast::Not(Box::new(inner)))
    }

    fn nud_expref(&mut self) -> Result<Node, String> {
        let inner = self.expression(0)?;
        node(Ast::Expref(Box::new(inner)))
    }

    fn nud_bracket(&mut self) -> Result<Node, String> {
        if matches!(self.current(), Kind::Number | Kind::Colon) {
            let right = self.index_expression()?;
            self.project_if_slice(identity(), right)
        } else if self.current() == Kind::Star && self.token(1).kind == Kind::Rbracket {
            self.advance();
            self.advance();
            self.projection(identity())
        } else {
            self.multi_select_list()
        }
    }

    fn led(&mut self, kind: Kind, left: Node) -> Result<Node, String> {
        match kind {
            Kind::Dot => self.led_dot(left),
            Kind::Pipe | Kind::Or | Kind::And => self.led_binary(kind, left),
            Kind::Eq | Kind::Ne | Kind::Lt | Kind::Lte | Kind::Gt | Kind::Gte => {
                self.led_binary(kind, left)
            }
            Kind::Lparen => self.led_call(left),
            Kind::Filter => self.filter(left),
            Kind::Flatten => self.flatten(left),
            Kind::Lbracket => self.led_bracket(left),
            _ => Err(self.error_at(-1, "invalid token")),
        }
    }

    fn led_dot(&mut self, left: Node) -> Result<Node, String> {
        let bp = Kind::Dot.binding_power();
        if self.current() == Kind::Star {
            self.advance();
            let right = self.projection_rhs(bp)?;
            return node(Ast::ValueProjection(Box::new(left), Box::new(right)));
        }
        let right = self.dot_rhs(bp)?;
        match left.ast {
            Ast::Chain(items) => append(left.depth, items, right, Ast::Chain),
            ast => node(Ast::Chain(vec![Node { ast, ..left }, right])),
        }
    }

    fn led_binary(&mut self, kind: Kind, left: Node) -> Result<Node, String> {
        let right = Box::new(self.expression(kind.binding_power())?);
        let left = Box::new(left);
        node(match kind {
            Kind::Pipe => Ast::Pipe(left, right),
            Kind::Or => Ast::Or(left, right),
            Kind::And => Ast::And(left, right),
            Kind::Eq => Ast::Compare(Cmp::Eq, left, right),
            Kind::Ne => Ast::Compare(Cmp::Ne, left, right),
            Kind::Lt => Ast::Compare(Cmp::Lt, left, right),
            Kind::Lte => Ast::Compare(Cmp::Lte, left, right),
            Kind::Gt => Ast::Compare(Cmp::Gt, left, right),
            _ => Ast::Compare(Cmp::Gte, left, right),
        })
    }

    fn led_call(&mut self, left: Node) -> Result<Node, String> {
        let Ast::Field(name) = left.ast else {
            let prev = self.token(-2);
            let reason = format!("Invalid function name '{}'", prev.text);
            return Err(self.error_for(prev.start, prev, &reason));
        };
        let mut args = Vec::new();
        // Like Python: commas are optional between arguments and one may trail.
        while self.current() != Kind::Rparen {
            let arg = self.expression(0)?;
            if self.current() == Kind::Comma {
                self.advance();
            }
            args.push(arg);
        }
        self.expect(Kind::Rparen)?;
        node(Ast::Function(name, args))
    }

    fn led_bracket(&mut self, left: Node) -> Result<Node, String> {
        if !matches!(self.current(), Kind::Number | Kind::Colon) {
            self.expect(Kind::Star)?;
            self.expect(Kind::Rbracket)?;
            return self.projection(left);
        }
        let right = self.index_expression()?;
        match left.ast {
            Ast::IndexExpr(items) => append(left.depth, items, right, Ast::IndexExpr),
            ast => self.project_if_slice(Node { ast, ..left }, right),
        }
    }

    fn projection(&mut self, left: Node) -> Result<Node, String> {
        let right = self.projection_rhs(Kind::Star.binding_power())?;
        node(Ast::Projection(Box::new(left), Box::new(right)))
    }

    fn flatten(&mut self, left: Node) -> Result<Node, String> {
        let flat = boxed(Ast::Flatten(Box::new(left)))?;
        let right = self.projection_rhs(Kind::Flatten.binding_power())?;
        node(Ast::Projection(flat, Box::new(right)))
    }

    fn filter(&mut self, left: Node) -> Result<Node, String> {
        let condition = self.expression(0)?;
        self.expect(Kind::Rbracket)?;
        let right = if self.current() == Kind::Flatten {
            identity()
        } else {
            self.projection_rhs(Kind::Filter.binding_power())?
        };
        node(Ast::FilterProjection(
            Box::new(left),
            Box::new(right),
            Box::new(condition),
        ))
    }

    fn index_expression(&mut self) -> Result<Node, String> {
        if self.current() == Kind::Colon || self.token(1).kind == Kind::Colon {
            return self.slice();
        }
        let value = match self.token(0).payload {
            Payload::Int(v) => v,
            _ => 0,
        };
        self.advance();
        self.expect(Kind::Rbracket)?;
        node(Ast::Index(value))
    }

    fn slice(&mut self) -> Result<Node, String> {
        let mut parts = [None; 3];
        let mut position = 0;
        while self.current() != Kind::Rbracket && position < 3 {
            match (self.current(), &self.token(0).payload) {
                (Kind::Colon, _) => {
                    position += 1;
                    if position == 3 {
                        return Err(self.error_at(0, "syntax error"));
                    }
                    self.advance();
                }
                (Kind::Number, Payload::Int(v)) => {
                    parts[position] = Some(*v);
                    self.advance();
                }
                _ => return Err(self.error_at(0, "syntax error")),
            }
        }
        self.expect(Kind::Rbracket)?;
        node(Ast::Slice(parts[0], parts[1], parts[2]))
    }

    fn project_if_slice(&mut self, left: Node, right: Node) -> Result<Node, String> {
        let is_slice = matches!(right.ast, Ast::Slice(..));
        let indexed = node(Ast::IndexExpr(vec![left, right]))?;
        if is_slice {
            let rhs = self.projection_rhs(Kind::Star.binding_power())?;
            node(Ast::Projection(Box::new(indexed), Box::new(rhs)))
        } else {
            Ok(indexed)
        }
    }

    fn multi_select_list(&mut self) -> Result<Node, String> {
        let mut items = Vec::new();
        loop {
            items.push(self.expression(0)?);
            if self.current() == Kind::Rbracket {
                break;
            }
            self.expect(Kind::Comma)?;
        }
        self.expect(Kind::Rbracket)?;
        node(Ast::MultiList(items))
    }

    fn multi_select_hash(&mut self) -> Result<Node, String> {
        let mut pairs = Vec::new();
        loop {
            let key = match (&self.token(0).kind, &self.token(0).payload) {
                (Kind::QuotedIdentifier | Kind::UnquotedIdentifier, Payload::Name(name)) => {
                    name.clone()
                }
                _ => return Err(self.unexpected("['quoted_identifier', 'unquoted_identifier']")),
            };
            self.advance();
            self.expect(Kind::Colon)?;
            let value = self.expression(0)?;
            pairs.push((key, value));
            match self.current() {
                Kind::Comma => self.advance(),
                Kind::Rbrace => {
                    self.advance();
                    break;
                }
                _ => {}
            }
        }
        node(Ast::MultiHash(pairs))
    }

    fn projection_rhs(&mut self, binding_power: u8) -> Result<Node, String> {
        match self.current() {
            kind if kind.binding_power() < PROJECTION_STOP => Ok(identity()),
            Kind::Lbracket | Kind::Filter => self.expression(binding_power),
            Kind::Dot => {
                self.advance();
                self.dot_rhs(binding_power)
            }
            _ => Err(self.error_at(0, "syntax error")),
        }
    }

    fn dot_rhs(&mut self, binding_power: u8) -> Result<Node, String> {
        match self.current() {
            Kind::QuotedIdentifier | Kind::UnquotedIdentifier | Kind::Star => {
                self.expression(binding_power)
            }
            Kind::Lbracket => {
                self.advance();
                self.multi_select_list()
            }
            Kind::Lbrace => {
                self.advance();
                self.multi_select_hash()
            }
            other => {
                let reason = format!(
                    "Expecting: ['quoted_identifier', 'unquoted_identifier', 'lbracket', 'lbrace'], got: {}",
                    other.name()
                );
                Err(self.error_at(0, &reason))
            }
        }
    }
}

// -------------------------------------------------------------- numbers --

/// A Python number: int (exact; i128 holds every i64 and u64 and their sums)
/// or float.
#[derive(Clone, Copy, Debug)]
enum Num {
    Int(i128),
    Float(f64),
}

fn num(n: &Number) -> Num {
    if let Some(i) = n.as_i64() {
        Num::Int(i.into())
    } else if let Some(u) = n.as_u64() {
        Num::Int(u.into())
    } else {
        Num::Float(n.as_f64().unwrap_or(0.0))
    }
}

/// Ints outside i64/u64 would be bignums in Python; serde_json cannot hold
/// them without `arbitrary_precision`, so they degrade to the nearest float.
fn num_value(n: Num) -> Result<Value, String> {
    match n {
        Num::Int(i) => {
            if let Ok(v) = i64::try_from(i) {
                Ok(Value::from(v))
            } else if let Ok(v) = u64::try_from(i) {
                Ok(Value::from(v))
            } else {
                num_value(Num::Float(i as f64))
            }
        }
        Num::Float(f) => Number::from_f64(f).map(Value::Number).ok_or_else(|| {
            format!(
                "result {} is not a finite number and cannot be output",
                float_repr(f)
            )
        }),
    }
}

/// Exact comparison, as Python compares int with float.
fn cmp_num(a: Num, b: Num) -> Ordering {
    match (a, b) {
        (Num::Int(x), Num::Int(y)) => x.cmp(&y),
        (Num::Float(x), Num::Float(y)) => x.partial_cmp(&y).unwrap_or(Ordering::Equal),
        (Num::Int(x), Num::Float(y)) => cmp_int_float(x, y),
        (Num::Float(x), Num::Int(y)) => cmp_int_float(y, x).reverse(),
    }
}

fn cmp_int_float(i: i128, f: f64) -> Ordering {
    const LIMIT: f64 = 170_141_183_460_469_231_731_687_303_715_884_105_728.0; // 2^127
    if f.is_nan() {
        return Ordering::Equal;
    }
    let floor = f.floor();
    if floor >= LIMIT {
        return Ordering::Less;
    }
    if floor < -LIMIT {
        return Ordering::Greater;
    }
    match i.cmp(&(floor as i128)) {
        Ordering::Equal if f > floor => Ordering::Less,
        other => other,
    }
}

fn add(a: Num, b: Num) -> Num {
    match (a, b) {
        (Num::Int(x), Num::Int(y)) => x
            .checked_add(y)
            .map_or(Num::Float(x as f64 + y as f64), Num::Int),
        (Num::Int(x), Num::Float(y)) => Num::Float(x as f64 + y),
        (Num::Float(x), Num::Int(y)) => Num::Float(x + y as f64),
        (Num::Float(x), Num::Float(y)) => Num::Float(x + y),
    }
}

/// `a / b` for ints, correctly rounded like Python's int true division
/// (plain f64 division would double-round once `a` exceeds 2^53).
fn int_true_div(a: i128, b: u128) -> f64 {
    if a == 0 || b == 0 {
        return 0.0;
    }
    let mut q = a.unsigned_abs() / b;
    let mut r = a.unsigned_abs() % b;
    let mut shift = 0;
    // Collect at least 57 quotient bits; the rest only matters as a sticky
    // bit, which cannot move the rounding of a 57-bit value.
    while q < (1 << 56) {
        q <<= 1;
        r <<= 1;
        if r >= b {
            q |= 1;
            r -= b;
        }
        shift += 1;
    }
    let sticky = u128::from(r != 0);
    let magnitude = ((q | sticky) as f64) * 2f64.powi(-shift);
    if a < 0 { -magnitude } else { magnitude }
}

// ------------------------------------------------------- Python helpers --

fn py_type(v: &Value) -> &'static str {
    match v {
        Value::Null => "NoneType",
        Value::Bool(_) => "bool",
        Value::Number(n) if n.is_f64() => "float",
        Value::Number(_) => "int",
        Value::String(_) => "str",
        Value::Array(_) => "list",
        Value::Object(_) => "dict",
    }
}

fn jp_type(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// Python's `str(value)`; `pyfmt` owns Python's spellings.
fn py_str(v: &Value) -> String {
    crate::pyfmt::str_of(v)
}

fn number_text(n: &Number) -> String {
    match num(n) {
        Num::Float(f) => float_repr(f),
        Num::Int(i) => i.to_string(),
    }
}

/// `json.dumps(v, separators=(',', ':'))`: compact, ASCII-only.
fn dumps_ascii(v: &Value, out: &mut String) {
    match v {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => out.push_str(&number_text(n)),
        Value::String(s) => json_str_ascii(s, out),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                dumps_ascii(item, out);
            }
            out.push(']');
        }
        Value::Object(map) => {
            out.push('{');
            for (i, (k, item)) in map.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                json_str_ascii(k, out);
                out.push(':');
                dumps_ascii(item, out);
            }
            out.push('}');
        }
    }
}

fn json_str_ascii(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\x08' => out.push_str("\\b"),
            '\x0c' => out.push_str("\\f"),
            ' '..='~' => out.push(c),
            _ => {
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    out.push_str(&format!("\\u{unit:04x}"));
                }
            }
        }
    }
    out.push('"');
}

/// Python `==` between JSON-shaped objects (where `True == 1` holds).
fn py_eq(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Null, Value::Null) => true,
        (Value::Bool(x), Value::Bool(y)) => x == y,
        (Value::Bool(x), Value::Number(n)) | (Value::Number(n), Value::Bool(x)) => {
            cmp_num(num(n), Num::Int(i128::from(*x))) == Ordering::Equal
        }
        (Value::Number(x), Value::Number(y)) => cmp_num(num(x), num(y)) == Ordering::Equal,
        (Value::String(x), Value::String(y)) => x == y,
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| py_eq(p, q))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, p)| y.get(k).is_some_and(|q| py_eq(p, q)))
        }
        _ => false,
    }
}

/// jmespath's `==`: Python's, except a bool never equals a number at the
/// top level.
fn jp_eq(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Bool(_), Value::Number(_)) | (Value::Number(_), Value::Bool(_)) => false,
        _ => py_eq(a, b),
    }
}

fn is_false(v: &Value) -> bool {
    match v {
        Value::Null | Value::Bool(false) => true,
        Value::String(s) => s.is_empty(),
        Value::Array(a) => a.is_empty(),
        Value::Object(m) => m.is_empty(),
        _ => false,
    }
}

/// Python's `<` family on two numbers or two strings.
fn py_order(symbol: &str, a: &Value, b: &Value) -> Result<Ordering, String> {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => Ok(cmp_num(num(x), num(y))),
        (Value::String(x), Value::String(y)) => Ok(x.cmp(y)),
        _ => Err(format!(
            "'{symbol}' not supported between instances of '{}' and '{}'",
            py_type(a),
            py_type(b)
        )),
    }
}

// ------------------------------------------------------------ evaluator --

// eval only dispatches, for the same small-frame reason as the parser.
fn eval(n: &Node, value: &Value) -> Result<Value, String> {
    match &n.ast {
        Ast::Identity => Ok(value.clone()),
        Ast::Field(key) => Ok(match value {
            Value::Object(map) => map.get(key).cloned().unwrap_or(Value::Null),
            _ => Value::Null,
        }),
        Ast::Literal(v) => Ok(v.clone()),
        Ast::Chain(steps) | Ast::IndexExpr(steps) => eval_chain(steps, value),
        Ast::Index(i) => Ok(index(value, *i)),
        Ast::Slice(start, stop, step) => match value {
            Value::Array(items) => slice(items, *start, *stop, *step).map(Value::Array),
            _ => Ok(Value::Null),
        },
        Ast::Projection(left, right) => eval_projection(left, right, value),
        Ast::ValueProjection(left, right) => eval_value_projection(left, right, value),
        Ast::FilterProjection(left, right, condition) => eval_filter(left, right, condition, value),
        Ast::Flatten(inner) => eval_flatten(inner, value),
        Ast::MultiList(items) => eval_multi_list(items, value),
        Ast::MultiHash(pairs) => eval_multi_hash(pairs, value),
        Ast::Or(a, b) => eval_or(a, b, value),
        Ast::And(a, b) => eval_and(a, b, value),
        Ast::Not(a) => eval_not(a, value),
        Ast::Pipe(a, b) => eval_pipe(a, b, value),
        Ast::Compare(op, a, b) => eval_compare(*op, a, b, value),
        Ast::Function(name, args) => call(name, args, value),
        Ast::Expref(_) => Err(EXPREF_LEAK.to_owned()),
    }
}

/// [`eval`] without the copy where the result is part of `value` (the
/// current node, a field, an index, a chain of those) or a literal, so that
/// projections and filters over the job list do not first deep-copy it.
fn eval_ref<'v>(n: &'v Node, value: &'v Value) -> Result<Cow<'v, Value>, String> {
    const NULL: Cow<'static, Value> = Cow::Owned(Value::Null);
    match &n.ast {
        Ast::Identity => Ok(Cow::Borrowed(value)),
        Ast::Field(key) => Ok(match value {
            Value::Object(map) => map.get(key).map_or(NULL, Cow::Borrowed),
            _ => NULL,
        }),
        Ast::Literal(v) => Ok(Cow::Borrowed(v)),
        Ast::Chain(steps) | Ast::IndexExpr(steps) => {
            let mut current = Cow::Borrowed(value);
            for step in steps {
                current = match current {
                    Cow::Borrowed(v) => eval_ref(step, v)?,
                    Cow::Owned(v) => Cow::Owned(eval(step, &v)?),
                };
            }
            Ok(current)
        }
        _ => eval(n, value).map(Cow::Owned),
    }
}

fn eval_chain(steps: &[Node], value: &Value) -> Result<Value, String> {
    let Some((first, rest)) = steps.split_first() else {
        return Ok(value.clone());
    };
    let mut current = eval(first, value)?;
    for step in rest {
        current = eval(step, &current)?;
    }
    Ok(current)
}

fn index(value: &Value, i: i64) -> Value {
    let Value::Array(items) = value else {
        return Value::Null;
    };
    let at = if i < 0 {
        i128::from(i) + items.len() as i128
    } else {
        i128::from(i)
    };
    usize::try_from(at)
        .ok()
        .and_then(|at| items.get(at))
        .cloned()
        .unwrap_or(Value::Null)
}

fn eval_projection(left: &Node, right: &Node, value: &Value) -> Result<Value, String> {
    match eval_ref(left, value)?.as_ref() {
        Value::Array(items) => project(items.iter(), right),
        _ => Ok(Value::Null),
    }
}

fn eval_value_projection(left: &Node, right: &Node, value: &Value) -> Result<Value, String> {
    match eval_ref(left, value)?.as_ref() {
        Value::Object(map) => project(map.values(), right),
        _ => Ok(Value::Null),
    }
}

fn eval_filter(
    left: &Node,
    right: &Node,
    condition: &Node,
    value: &Value,
) -> Result<Value, String> {
    let left = eval_ref(left, value)?;
    let Value::Array(items) = left.as_ref() else {
        return Ok(Value::Null);
    };
    let mut out = Vec::new();
    for item in items {
        if !is_false(eval_ref(condition, item)?.as_ref()) {
            let v = eval(right, item)?;
            if !v.is_null() {
                out.push(v);
            }
        }
    }
    Ok(Value::Array(out))
}

fn eval_flatten(inner: &Node, value: &Value) -> Result<Value, String> {
    let Value::Array(items) = eval(inner, value)? else {
        return Ok(Value::Null);
    };
    let mut out = Vec::new();
    for item in items {
        match item {
            Value::Array(inner) => out.extend(inner),
            other => out.push(other),
        }
    }
    Ok(Value::Array(out))
}

fn eval_multi_list(items: &[Node], value: &Value) -> Result<Value, String> {
    if value.is_null() {
        return Ok(Value::Null);
    }
    items
        .iter()
        .map(|item| eval(item, value))
        .collect::<Result<Vec<_>, _>>()
        .map(Value::Array)
}

fn eval_multi_hash(pairs: &[(String, Node)], value: &Value) -> Result<Value, String> {
    if value.is_null() {
        return Ok(Value::Null);
    }
    let mut map = Map::new();
    for (key, item) in pairs {
        // A repeated key keeps its first position, as a dict does.
        map.insert(key.clone(), eval(item, value)?);
    }
    Ok(Value::Object(map))
}

fn eval_or(a: &Node, b: &Node, value: &Value) -> Result<Value, String> {
    let left = eval(a, value)?;
    if is_false(&left) {
        eval(b, value)
    } else {
        Ok(left)
    }
}

fn eval_and(a: &Node, b: &Node, value: &Value) -> Result<Value, String> {
    let left = eval(a, value)?;
    if is_false(&left) {
        Ok(left)
    } else {
        eval(b, value)
    }
}

fn eval_not(a: &Node, value: &Value) -> Result<Value, String> {
    // Python's `not` of an expression object is just False.
    if matches!(a.ast, Ast::Expref(_)) {
        return Ok(Value::Bool(false));
    }
    Ok(Value::Bool(match eval(a, value)? {
        // Every number, 0 included, is truthy here.
        Value::Number(_) => false,
        other => is_false(&other),
    }))
}

fn eval_pipe(a: &Node, b: &Node, value: &Value) -> Result<Value, String> {
    let left = eval(a, value)?;
    eval(b, &left)
}

fn eval_compare(op: Cmp, a: &Node, b: &Node, value: &Value) -> Result<Value, String> {
    let left = eval_ref(a, value)?;
    let right = eval_ref(b, value)?;
    compare(op, &left, &right)
}

fn project<'v>(items: impl Iterator<Item = &'v Value>, right: &Node) -> Result<Value, String> {
    let mut out = Vec::new();
    for item in items {
        let v = eval(right, item)?;
        if !v.is_null() {
            out.push(v);
        }
    }
    Ok(Value::Array(out))
}

fn compare(op: Cmp, left: &Value, right: &Value) -> Result<Value, String> {
    let (symbol, accept): (&str, fn(Ordering) -> bool) = match op {
        Cmp::Eq => return Ok(Value::Bool(jp_eq(left, right))),
        Cmp::Ne => return Ok(Value::Bool(!jp_eq(left, right))),
        Cmp::Lt => ("<", Ordering::is_lt),
        Cmp::Lte => ("<=", Ordering::is_le),
        Cmp::Gt => (">", Ordering::is_gt),
        Cmp::Gte => (">=", Ordering::is_ge),
    };
    let comparable = |v: &Value| matches!(v, Value::Number(_) | Value::String(_));
    if !(comparable(left) && comparable(right)) {
        return Ok(Value::Null);
    }
    py_order(symbol, left, right).map(|o| Value::Bool(accept(o)))
}

/// Python's slice semantics (`list[start:stop:step]`).
fn slice(
    items: &[Value],
    start: Option<i64>,
    stop: Option<i64>,
    step: Option<i64>,
) -> Result<Vec<Value>, String> {
    let step = i128::from(step.unwrap_or(1));
    if step == 0 {
        return Err("slice step cannot be zero".to_owned());
    }
    let len = items.len() as i128;
    let (lower, upper) = if step < 0 { (-1, len - 1) } else { (0, len) };
    let clamp = |bound: Option<i64>, default: i128| match bound {
        None => default,
        Some(b) => {
            let b = i128::from(b);
            if b < 0 {
                (b + len).max(lower)
            } else {
                b.min(upper)
            }
        }
    };
    let mut at = clamp(start, if step < 0 { upper } else { lower });
    let stop = clamp(stop, if step < 0 { lower } else { upper });
    let mut out = Vec::new();
    while (step > 0 && at < stop) || (step < 0 && at > stop) {
        if let Some(item) = usize::try_from(at).ok().and_then(|i| items.get(i)) {
            out.push(item.clone());
        }
        at += step;
    }
    Ok(out)
}

// ------------------------------------------------------------ functions --

/// A resolved function argument: a value, or an `&expr` left unevaluated.
enum Arg<'a> {
    Val(Value),
    Ref(&'a Node),
}

impl Arg<'_> {
    fn jp_type(&self) -> &'static str {
        match self {
            Arg::Val(v) => jp_type(v),
            Arg::Ref(_) => "expref",
        }
    }

    fn py_str(&self) -> String {
        match self {
            Arg::Val(v) => py_str(v),
            Arg::Ref(_) => "<jmespath.visitor._Expression object>".to_owned(),
        }
    }
}

type Param = &'static [&'static str];

/// Parameter types per function (Python's spelling, order matters for the
/// messages) and whether the last parameter repeats.
fn signature(name: &str) -> Option<(&'static [Param], bool)> {
    const NUMBER: &[Param] = &[&["number"]];
    const NUMBERS: &[Param] = &[&["array-number"]];
    const STR_STR: &[Param] = &[&["string"], &["string"]];
    const OBJECT: &[Param] = &[&["object"]];
    const MIN_MAX: &[Param] = &[&["array-number", "array-string"]];
    const BY: &[Param] = &[&["array"], &["expref"]];
    const ANY: &[Param] = &[&[]];
    Some(match name {
        "abs" | "ceil" | "floor" => (NUMBER, false),
        "avg" | "sum" => (NUMBERS, false),
        "contains" => (&[&["array", "string"], &[]], false),
        "ends_with" | "starts_with" => (STR_STR, false),
        "join" => (&[&["string"], &["array-string"]], false),
        "keys" | "values" => (OBJECT, false),
        "length" => (&[&["string", "array", "object"]], false),
        "map" => (&[&["expref"], &["array"]], false),
        "max" | "min" => (MIN_MAX, false),
        "max_by" | "min_by" | "sort_by" => (BY, false),
        "merge" => (OBJECT, true),
        "not_null" => (ANY, true),
        "reverse" => (&[&["array", "string"]], false),
        "sort" => (&[&["array-string", "array-number"]], false),
        "to_array" | "to_number" | "to_string" | "type" => (ANY, false),
        _ => return None,
    })
}

fn list_repr(items: &[&str]) -> String {
    let quoted: Vec<String> = items.iter().map(|t| format!("'{t}'")).collect();
    format!("[{}]", quoted.join(", "))
}

fn type_error(function: &str, value: &str, received: &str, expected: &[&str]) -> String {
    format!(
        "In function {function}(), invalid type for value: {value}, expected one of: {}, received: \"{received}\"",
        list_repr(expected)
    )
}

fn plural(count: usize) -> &'static str {
    if count == 1 { "argument" } else { "arguments" }
}

fn check_args(
    name: &str,
    args: &[Arg<'_>],
    params: &[Param],
    variadic: bool,
) -> Result<(), String> {
    if variadic && args.len() < params.len() {
        return Err(format!(
            "Expected at least {} {} for function {name}(), received {}",
            params.len(),
            plural(params.len()),
            args.len()
        ));
    }
    if !variadic && args.len() != params.len() {
        return Err(format!(
            "Expected {} {} for function {name}(), received {}",
            params.len(),
            plural(params.len()),
            args.len()
        ));
    }
    // Like Python, only the declared parameters are checked, not the
    // repeats of a variadic one.
    for (arg, types) in args.iter().zip(params) {
        if types.is_empty() {
            continue;
        }
        let actual = arg.jp_type();
        if !types.iter().any(|t| t.split('-').next() == Some(actual)) {
            return Err(type_error(name, &arg.py_str(), actual, types));
        }
        let subtypes: Vec<&str> = types
            .iter()
            .filter_map(|t| t.split_once('-'))
            .map(|(_, s)| s)
            .collect();
        let Arg::Val(Value::Array(items)) = arg else {
            continue;
        };
        let wanted = match subtypes.as_slice() {
            [] => continue,
            [only] => *only,
            many => {
                let Some(first) = items.first() else {
                    continue;
                };
                match many.iter().find(|s| **s == jp_type(first)) {
                    Some(s) => *s,
                    None => return Err(type_error(name, &py_str(first), py_type(first), types)),
                }
            }
        };
        if let Some(bad) = items.iter().find(|item| jp_type(item) != wanted) {
            return Err(type_error(name, &py_str(bad), py_type(bad), types));
        }
    }
    Ok(())
}

fn call(name: &str, arg_nodes: &[Node], current: &Value) -> Result<Value, String> {
    let mut args = Vec::with_capacity(arg_nodes.len());
    for arg in arg_nodes {
        args.push(match &arg.ast {
            Ast::Expref(inner) => Arg::Ref(inner),
            _ => Arg::Val(eval(arg, current)?),
        });
    }
    let Some((params, variadic)) = signature(name) else {
        return Err(format!("Unknown function: {name}()"));
    };
    check_args(name, &args, params, variadic)?;
    run(name, args)
}

/// Type-checked arguments, taken apart by shape.
fn val(arg: Option<Arg<'_>>) -> Value {
    match arg {
        Some(Arg::Val(v)) => v,
        _ => Value::Null,
    }
}

fn expr<'a>(arg: Option<Arg<'a>>) -> Option<&'a Node> {
    match arg {
        Some(Arg::Ref(n)) => Some(n),
        _ => None,
    }
}

fn array(v: Value) -> Vec<Value> {
    match v {
        Value::Array(items) => items,
        _ => Vec::new(),
    }
}

fn string(v: Value) -> String {
    match v {
        Value::String(s) => s,
        _ => String::new(),
    }
}

fn number(v: &Value) -> Num {
    match v {
        Value::Number(n) => num(n),
        _ => Num::Int(0),
    }
}

fn run(name: &str, args: Vec<Arg<'_>>) -> Result<Value, String> {
    let mut it = args.into_iter();
    match name {
        "abs" => num_value(match number(&val(it.next())) {
            Num::Int(i) => Num::Int(i.abs()),
            Num::Float(f) => Num::Float(f.abs()),
        }),
        "avg" => {
            let items = array(val(it.next()));
            if items.is_empty() {
                return Ok(Value::Null);
            }
            let count = items.len() as u128;
            let mean = match sum(&items) {
                Num::Int(total) => int_true_div(total, count),
                Num::Float(total) => total / count as f64,
            };
            num_value(Num::Float(mean))
        }
        "ceil" | "floor" => match number(&val(it.next())) {
            Num::Int(i) => num_value(Num::Int(i)),
            Num::Float(f) => {
                let rounded = if name == "ceil" { f.ceil() } else { f.floor() };
                // Python returns an int; past i128 it could only be a bignum.
                if rounded.abs() < 1e38 {
                    num_value(Num::Int(rounded as i128))
                } else {
                    num_value(Num::Float(rounded))
                }
            }
        },
        "contains" => {
            let subject = val(it.next());
            let search = it.next();
            match (subject, search) {
                (Value::Array(items), Some(Arg::Val(needle))) => {
                    Ok(Value::Bool(items.iter().any(|item| py_eq(item, &needle))))
                }
                (Value::String(s), Some(Arg::Val(Value::String(needle)))) => {
                    Ok(Value::Bool(s.contains(needle.as_str())))
                }
                (Value::String(_), Some(Arg::Val(other))) => Err(format!(
                    "'in <string>' requires string as left operand, not {}",
                    py_type(&other)
                )),
                (Value::String(_), _) => Err(
                    "'in <string>' requires string as left operand, not _Expression".to_owned(),
                ),
                _ => Ok(Value::Bool(false)),
            }
        }
        "ends_with" | "starts_with" => {
            let subject = string(val(it.next()));
            let affix = string(val(it.next()));
            Ok(Value::Bool(if name == "ends_with" {
                subject.ends_with(&affix)
            } else {
                subject.starts_with(&affix)
            }))
        }
        "join" => {
            let separator = string(val(it.next()));
            let parts: Vec<String> = array(val(it.next())).into_iter().map(string).collect();
            Ok(Value::String(parts.join(&separator)))
        }
        "keys" | "values" => match val(it.next()) {
            Value::Object(map) if name == "keys" => {
                Ok(Value::Array(map.into_iter().map(|(k, _)| Value::String(k)).collect()))
            }
            Value::Object(map) => Ok(Value::Array(map.into_iter().map(|(_, v)| v).collect())),
            _ => Ok(Value::Array(Vec::new())),
        },
        "length" => Ok(Value::from(match val(it.next()) {
            Value::String(s) => s.chars().count(),
            Value::Array(items) => items.len(),
            Value::Object(map) => map.len(),
            _ => 0,
        })),
        "map" => {
            let Some(f) = expr(it.next()) else {
                return Ok(Value::Null);
            };
            array(val(it.next()))
                .iter()
                .map(|item| eval(f, item))
                .collect::<Result<Vec<_>, _>>()
                .map(Value::Array)
        }
        "max" | "min" => {
            let items = array(val(it.next()));
            let (symbol, better) = if name == "max" {
                (">", Ordering::Greater)
            } else {
                ("<", Ordering::Less)
            };
            let mut best: Option<&Value> = None;
            for item in &items {
                best = match best {
                    Some(b) if py_order(symbol, item, b)? != better => Some(b),
                    _ => Some(item),
                };
            }
            Ok(best.cloned().unwrap_or(Value::Null))
        }
        "max_by" | "min_by" => {
            let items = array(val(it.next()));
            let Some(f) = expr(it.next()) else {
                return Ok(Value::Null);
            };
            let (symbol, better) = if name == "max_by" {
                (">", Ordering::Greater)
            } else {
                ("<", Ordering::Less)
            };
            let mut best: Option<(usize, Value)> = None;
            for (i, item) in items.iter().enumerate() {
                let key = sort_key(name, f, item, &["number", "string"])?;
                best = match best {
                    Some((j, b)) if py_order(symbol, &key, &b)? != better => Some((j, b)),
                    _ => Some((i, key)),
                };
            }
            Ok(best
                .and_then(|(i, _)| items.into_iter().nth(i))
                .unwrap_or(Value::Null))
        }
        "merge" => {
            let mut merged = Map::new();
            for arg in it {
                match arg {
                    Arg::Val(Value::Object(map)) => {
                        for (k, v) in map {
                            merged.insert(k, v);
                        }
                    }
                    Arg::Val(other) => merge_pairs(&mut merged, other)?,
                    Arg::Ref(_) => return Err("'_Expression' object is not iterable".to_owned()),
                }
            }
            Ok(Value::Object(merged))
        }
        "not_null" => {
            for arg in it {
                match arg {
                    Arg::Val(Value::Null) => {}
                    Arg::Val(v) => return Ok(v),
                    Arg::Ref(_) => return Err(EXPREF_LEAK.to_owned()),
                }
            }
            Ok(Value::Null)
        }
        "reverse" => Ok(match val(it.next()) {
            Value::String(s) => Value::String(s.chars().rev().collect()),
            Value::Array(mut items) => {
                items.reverse();
                Value::Array(items)
            }
            other => other,
        }),
        "sort" => {
            let mut items = array(val(it.next()));
            // The type check left only all-number or all-string arrays.
            items.sort_by(|a, b| py_order("<", a, b).unwrap_or(Ordering::Equal));
            Ok(Value::Array(items))
        }
        "sort_by" => {
            let items = array(val(it.next()));
            let Some(f) = expr(it.next()) else {
                return Ok(Value::Null);
            };
            let Some(first) = items.first() else {
                return Ok(Value::Array(items));
            };
            let required = jp_type(&eval(f, first)?);
            if required != "number" && required != "string" {
                return Err(type_error("sort_by", &py_str(first), required, &["string", "number"]));
            }
            let mut keyed = Vec::with_capacity(items.len());
            for item in items {
                keyed.push((sort_key("sort_by", f, &item, &[required])?, item));
            }
            keyed.sort_by(|(a, _), (b, _)| py_order("<", a, b).unwrap_or(Ordering::Equal));
            Ok(Value::Array(keyed.into_iter().map(|(_, item)| item).collect()))
        }
        "sum" => num_value(sum(&array(val(it.next())))),
        "to_array" => match it.next() {
            Some(Arg::Val(Value::Array(items))) => Ok(Value::Array(items)),
            Some(Arg::Val(v)) => Ok(Value::Array(vec![v])),
            _ => Err(EXPREF_LEAK.to_owned()),
        },
        "to_number" => match it.next() {
            Some(Arg::Val(v @ Value::Number(_))) => Ok(v),
            Some(Arg::Val(Value::String(s))) => match py_int(&s).or_else(|| py_float(&s)) {
                Some(n) => num_value(n),
                None => Ok(Value::Null),
            },
            Some(Arg::Val(_)) => Ok(Value::Null),
            _ => Err(
                "int() argument must be a string, a bytes-like object or a real number, not '_Expression'"
                    .to_owned(),
            ),
        },
        "to_string" => match it.next() {
            Some(Arg::Val(Value::String(s))) => Ok(Value::String(s)),
            Some(Arg::Val(v)) => {
                let mut out = String::new();
                dumps_ascii(&v, &mut out);
                Ok(Value::String(out))
            }
            _ => Err(EXPREF_LEAK.to_owned()),
        },
        "type" => Ok(match it.next() {
            Some(Arg::Val(v)) => Value::String(jp_type(&v).to_owned()),
            // Python's type() falls through every case for an expref.
            _ => Value::Null,
        }),
        _ => Err(format!("Unknown function: {name}()")),
    }
}

/// `dict.update()` with something other than a dict, as far as it can
/// make sense: a sequence of two-item sequences.
fn merge_pairs(merged: &mut Map<String, Value>, arg: Value) -> Result<(), String> {
    let pairs = match arg {
        Value::Array(items) => items,
        Value::String(s) if s.is_empty() => Vec::new(),
        Value::String(_) => {
            return Err(
                "dictionary update sequence element #0 has length 1; 2 is required".to_owned(),
            );
        }
        other => return Err(format!("'{}' object is not iterable", py_type(&other))),
    };
    for (i, pair) in pairs.into_iter().enumerate() {
        let (key, value) = match pair {
            Value::Array(kv) if kv.len() == 2 => {
                let mut kv = kv.into_iter();
                (kv.next(), kv.next())
            }
            Value::String(s) if s.chars().count() == 2 => {
                let mut chars = s.chars();
                let mut one = || chars.next().map(|c| Value::String(c.to_string()));
                (one(), one())
            }
            Value::Array(kv) => {
                return Err(format!(
                    "dictionary update sequence element #{i} has length {}; 2 is required",
                    kv.len()
                ));
            }
            Value::String(s) => {
                return Err(format!(
                    "dictionary update sequence element #{i} has length {}; 2 is required",
                    s.chars().count()
                ));
            }
            _ => {
                return Err(format!(
                    "cannot convert dictionary update sequence element #{i} to a sequence"
                ));
            }
        };
        match (key, value) {
            (Some(Value::String(k)), Some(v)) => {
                merged.insert(k, v);
            }
            // Non-string keys would make a dict json.dumps rewrites; not modelled.
            _ => return Err("merge(): only string keys are supported".to_owned()),
        }
    }
    Ok(())
}

fn sort_key(function: &str, f: &Node, item: &Value, allowed: &[&str]) -> Result<Value, String> {
    let key = eval(f, item)?;
    let actual = jp_type(&key);
    if allowed.contains(&actual) {
        Ok(key)
    } else {
        Err(type_error(function, &py_str(&key), actual, allowed))
    }
}

/// Python's `sum()`: int arithmetic until the first float, then float.
fn sum(items: &[Value]) -> Num {
    items
        .iter()
        .fold(Num::Int(0), |acc, item| add(acc, number(item)))
}

/// Python's `int(str)` in base 10 (ASCII digits only).
fn py_int(s: &str) -> Option<Num> {
    let t = s.trim_matches(is_py_space);
    let (negative, body) = match t.as_bytes().first() {
        Some(b'-') => (true, &t[1..]),
        Some(b'+') => (false, &t[1..]),
        _ => (false, t),
    };
    let digits = underscored_digits(body)?;
    if digits.len() != body.len() - body.matches('_').count() || body.is_empty() {
        return None;
    }
    let signed = if negative {
        format!("-{digits}")
    } else {
        digits
    };
    match signed.parse::<i128>() {
        Ok(i) => Some(Num::Int(i)),
        // A bignum in Python; the closest this Value can hold is a float.
        Err(_) => signed.parse::<f64>().ok().map(Num::Float),
    }
}

/// Digits with single underscores allowed between them; None if malformed.
fn underscored_digits(s: &str) -> Option<String> {
    if s.is_empty() || s.starts_with('_') || s.ends_with('_') || s.contains("__") {
        return None;
    }
    if !s.chars().all(|c| c.is_ascii_digit() || c == '_') {
        return None;
    }
    Some(s.chars().filter(|c| *c != '_').collect())
}

/// Python's `float(str)`.
fn py_float(s: &str) -> Option<Num> {
    let t = s.trim_matches(is_py_space);
    let body = t.strip_prefix(['+', '-']).unwrap_or(t);
    let lower = body.to_ascii_lowercase();
    if matches!(lower.as_str(), "inf" | "infinity" | "nan") {
        return Some(Num::Float(if lower == "nan" {
            f64::NAN
        } else if t.starts_with('-') {
            f64::NEG_INFINITY
        } else {
            f64::INFINITY
        }));
    }
    let (mantissa, exponent) = match body.find(['e', 'E']) {
        Some(at) => (&body[..at], Some(&body[at + 1..])),
        None => (body, None),
    };
    let (whole, fraction) = match mantissa.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (mantissa, None),
    };
    let mut clean = String::new();
    if t.starts_with('-') {
        clean.push('-');
    }
    match (whole.is_empty(), fraction) {
        (true, None) => return None,
        (true, Some(f)) => clean.push_str(&format!("0.{}", underscored_digits(f)?)),
        (false, None) => clean.push_str(&underscored_digits(whole)?),
        (false, Some("")) => clean.push_str(&underscored_digits(whole)?),
        (false, Some(f)) => clean.push_str(&format!(
            "{}.{}",
            underscored_digits(whole)?,
            underscored_digits(f)?
        )),
    }
    if let Some(e) = exponent {
        let digits = e.strip_prefix(['+', '-']).unwrap_or(e);
        clean.push('e');
        if e.starts_with('-') {
            clean.push('-');
        }
        clean.push_str(&underscored_digits(digits)?);
    }
    clean.parse::<f64>().ok().map(Num::Float)
}

#[cfg(test)]
mod tests {
    use super::Query;
    use serde_json::{Value, json};

    fn doc() -> Value {
        json!({
            "UserImportJobs": [
                {"JobName": "Import-Test-1", "JobId": "import-q1", "Status": "Succeeded",
                 "CreationDate": 1548271795.471, "ImportedUsers": 3, "SkippedUsers": 0,
                 "FailedUsers": 0, "Big": 18446744073709551615u64},
                {"JobName": "Import-Test-2", "JobId": "import-q2", "Status": "Failed",
                 "CreationDate": 1548272793.069, "ImportedUsers": 9223372036854775807i64,
                 "SkippedUsers": 2, "FailedUsers": 1},
                {"JobName": "Import-Test-3", "JobId": "import-q3", "Status": "Pending",
                 "CreationDate": 1548271000.5, "ImportedUsers": 0, "SkippedUsers": 0,
                 "FailedUsers": 0}
            ],
            "PaginationToken": "tok"
        })
    }

    /// Output as serde_json prints it; expected strings come from Python
    /// jmespath 1.1.0 (floats rewritten to serde_json's spelling).
    fn run(expr: &str) -> Result<String, String> {
        let q = Query::compile(expr)?;
        q.apply(&doc()).map(|v| v.to_string())
    }

    #[test]
    fn keeps_order_and_int_types() {
        let cases = [
            (
                "UserImportJobs[0].{S:Status,N:JobName,I:ImportedUsers}",
                r#"{"S":"Succeeded","N":"Import-Test-1","I":3}"#,
            ),
            (
                "keys(UserImportJobs[0])[:3]",
                r#"["JobName","JobId","Status"]"#,
            ),
            ("sum(UserImportJobs[].SkippedUsers)", "2"),
            ("avg(UserImportJobs[].SkippedUsers)", "0.6666666666666666"),
            ("UserImportJobs[0].Big", "18446744073709551615"),
            ("max(UserImportJobs[].ImportedUsers)", "9223372036854775807"),
            ("ceil(UserImportJobs[0].CreationDate)", "1548271796"),
            ("floor(`-1.5`)", "-2"),
            ("abs(`-3`)", "3"),
            (
                "merge(`{\"b\":1,\"a\":2}`, `{\"c\":3,\"b\":4}`)",
                r#"{"b":4,"a":2,"c":3}"#,
            ),
            (
                "to_string(`{\"b\":[1,2.5,\"é\"]}`)",
                r#""{\"b\":[1,2.5,\"\\u00e9\"]}""#,
            ),
            ("`1` < `2`", "true"),
            ("'a' < 'b'", "true"),
            ("`true` < `false`", "null"),
            ("`1` == `true`", "false"),
            ("`[1]` == `[true]`", "true"),
            ("!`0`", "false"),
            (
                "sort_by(UserImportJobs, &CreationDate)[].JobName",
                r#"["Import-Test-3","Import-Test-1","Import-Test-2"]"#,
            ),
            (
                "max_by(UserImportJobs, &CreationDate).JobName",
                r#""Import-Test-2""#,
            ),
            (
                "UserImportJobs[?Status=='Failed'].JobId",
                r#"["import-q2"]"#,
            ),
            ("UserImportJobs[::-2].JobId", r#"["import-q3","import-q1"]"#),
            ("to_number('12')", "12"),
            ("to_number(' 1_0.5 ')", "10.5"),
            ("to_number('x')", "null"),
            ("length('héllo')", "5"),
            // Python's parser takes arguments without commas.
            ("not_null(Nope UserImportJobs[0].Status)", r#""Succeeded""#),
        ];
        for (expr, want) in cases {
            assert_eq!(run(expr).as_deref(), Ok(want), "{expr}");
        }
    }

    #[test]
    fn python_error_wording() {
        let cases = [
            (
                "foo[",
                "Invalid jmespath expression: Incomplete expression:\n\"foo[\"\n     ^",
            ),
            ("", "Invalid JMESPath expression: cannot be empty."),
            (
                "foo.",
                "Expecting: ['quoted_identifier', 'unquoted_identifier', 'lbracket', 'lbrace'], got: eof: Parse error at column 4, token \"\" (EOF), for expression:\n\"foo.\"\n     ^",
            ),
            (
                "a = b",
                "Bad jmespath expression: Unknown token '=':\na = b\n  ^",
            ),
            (
                "foo `1`",
                "Unexpected token: 1: Parse error at column 4, token \"1\" (LITERAL), for expression:\n\"foo `1`\"\n     ^",
            ),
        ];
        for (expr, want) in cases {
            assert_eq!(Query::compile(expr).err().as_deref(), Some(want), "{expr}");
        }
        let runtime = [
            (
                "length(`1`)",
                "In function length(), invalid type for value: 1, expected one of: ['string', 'array', 'object'], received: \"number\"",
            ),
            (
                "sum(`[1, \"a\"]`)",
                "In function sum(), invalid type for value: a, expected one of: ['array-number'], received: \"str\"",
            ),
            (
                "length(`1`, `2`)",
                "Expected 1 argument for function length(), received 2",
            ),
            ("nope(@)", "Unknown function: nope()"),
            (
                "`1` < 'a'",
                "'<' not supported between instances of 'int' and 'str'",
            ),
        ];
        for (expr, want) in runtime {
            assert_eq!(run(expr).err().as_deref(), Some(want), "{expr}");
        }
    }

    #[test]
    fn hostile_nesting_is_an_error_not_a_crash() {
        for expr in [
            format!("{}a{}", "(".repeat(10_000), ")".repeat(10_000)),
            "[".repeat(10_000),
            format!("{}a{}", "[".repeat(5_000), "]".repeat(5_000)),
            format!("a{}", "|a".repeat(100_000)),
            format!("a{}", "[*]".repeat(10_000)),
            "!".repeat(10_000) + "a",
            "&".repeat(10_000) + "a",
            format!("{}a{}", "{a:".repeat(5_000), "}".repeat(5_000)),
        ] {
            let result = Query::compile(&expr);
            assert!(result.is_err());
        }
        // Just under the limit still works end to end.
        for deep in [
            format!("{}a{}", "(".repeat(250), ")".repeat(250)),
            format!("a{}", "|a".repeat(250)),
            format!("{}a{}", "[".repeat(250), "]".repeat(250)),
            format!("{}a{}", "{a:".repeat(250), "}".repeat(250)),
            format!("UserImportJobs{}", "[*]".repeat(120)),
        ] {
            let q = Query::compile(&deep);
            assert!(q.is_ok_and(|q| q.apply(&doc()).is_ok()), "{deep}");
        }
        let long = format!("a{}", ".a".repeat(100_000));
        assert!(Query::compile(&long).is_ok());
    }
}

//! The filter language of RFC 7644 §3.4.2.2: comparisons (`eq ne co sw ew gt ge lt le`),
//! presence (`pr`), `and`/`or`/`not` with parentheses, attribute paths with a schema URN and a
//! sub-attribute (`urn:…:enterprise:2.0:User:department`, `meta.lastModified`), and value
//! filters on multi-valued attributes (`emails[type eq "work" and value co "@"]`).
//!
//! A filter is parsed once and evaluated against the JSON of a resource as it is served, so
//! whatever a GET shows can be filtered on and nothing else can. Strings compare without
//! regard to case except where the attribute is case-exact (`id`, `externalId`, `$ref`,
//! `meta.version`); timestamps compare as instants.

use chrono::{DateTime, Utc};
use serde_json::Value;

use super::{ENTERPRISE_SCHEMA, GROUP_SCHEMA, ScimError, USER_SCHEMA, get_ci};

/// Schema URNs a path may start with (the one with a dot in its version needs knowing: the
/// dot is not a sub-attribute).
const KNOWN_SCHEMAS: &[&str] = &[USER_SCHEMA, ENTERPRISE_SCHEMA, GROUP_SCHEMA];

/// An attribute path: `[schema:]attribute[.sub]`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AttrPath {
    /// The schema URN when the path names one (as written).
    pub schema: Option<String>,
    /// The attribute.
    pub attr: String,
    /// The sub-attribute.
    pub sub: Option<String>,
}

impl AttrPath {
    /// Parses `[schema:]attribute[.sub]`.
    pub fn parse(raw: &str) -> Result<AttrPath, ScimError> {
        let invalid = || ScimError::bad("invalidPath", format!("not an attribute path: {raw}"));
        let (schema, rest) = split_schema(raw).ok_or_else(invalid)?;
        let (attr, sub) = match rest.split_once('.') {
            Some((a, s)) => (a, Some(s)),
            None => (rest, None),
        };
        let name_ok = |n: &str| {
            !n.is_empty()
                && n.chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-' || c == '$')
        };
        if !name_ok(attr) || sub.is_some_and(|s| !name_ok(s)) {
            return Err(invalid());
        }
        Ok(AttrPath {
            schema,
            attr: attr.to_string(),
            sub: sub.map(str::to_string),
        })
    }

    /// The path as written (`schema:attr.sub`).
    pub fn render(&self) -> String {
        let mut out = String::new();
        if let Some(s) = &self.schema {
            out.push_str(s);
            out.push(':');
        }
        out.push_str(&self.attr);
        if let Some(s) = &self.sub {
            out.push('.');
            out.push_str(s);
        }
        out
    }

    /// Whether the path names `attr` of a core schema (with or without its URN), no sub.
    pub fn is_core(&self, attr: &str) -> bool {
        self.sub.is_none()
            && self.attr.eq_ignore_ascii_case(attr)
            && self.schema.as_deref().is_none_or(|s| {
                s.eq_ignore_ascii_case(USER_SCHEMA) || s.eq_ignore_ascii_case(GROUP_SCHEMA)
            })
    }
}

/// Splits a leading schema URN off a path: `(Some(urn), rest)`, or `(None, path)`.
/// `None` when the path is only a URN with nothing after it.
pub fn split_schema(raw: &str) -> Option<(Option<String>, &str)> {
    if !raw.to_ascii_lowercase().starts_with("urn:") {
        return Some((None, raw));
    }
    for known in KNOWN_SCHEMAS {
        if raw.len() > known.len() + 1
            && raw[..known.len()].eq_ignore_ascii_case(known)
            && raw.as_bytes()[known.len()] == b':'
        {
            return Some((Some(known.to_string()), &raw[known.len() + 1..]));
        }
    }
    // An unknown schema: the attribute is after its last colon.
    let (urn, rest) = raw.rsplit_once(':')?;
    (!rest.is_empty()).then(|| (Some(urn.to_string()), rest))
}

/// A comparison operator.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum CompareOp {
    /// Equal.
    Eq,
    /// Not equal.
    Ne,
    /// Contains.
    Co,
    /// Starts with.
    Sw,
    /// Ends with.
    Ew,
    /// Greater than.
    Gt,
    /// Greater than or equal.
    Ge,
    /// Less than.
    Lt,
    /// Less than or equal.
    Le,
}

/// A parsed filter.
#[derive(Clone, Debug, PartialEq)]
pub enum Filter {
    /// `path op value`.
    Compare(AttrPath, CompareOp, Value),
    /// `path pr`.
    Present(AttrPath),
    /// Both.
    And(Box<Filter>, Box<Filter>),
    /// Either.
    Or(Box<Filter>, Box<Filter>),
    /// Not.
    Not(Box<Filter>),
    /// `attr[filter]`: some value of a multi-valued attribute matches the inner filter,
    /// whose paths are its sub-attributes.
    ValuePath(AttrPath, Box<Filter>),
}

#[derive(Clone, Debug, PartialEq)]
enum Token {
    Word(String),
    Str(String),
    Number(serde_json::Number),
    LParen,
    RParen,
    LBracket,
    RBracket,
    /// `.sub` right after a `]`.
    SubAttr(String),
}

fn invalid(detail: impl Into<String>) -> ScimError {
    ScimError::bad("invalidFilter", detail)
}

fn tokenize(input: &str) -> Result<Vec<Token>, ScimError> {
    let chars: Vec<char> = input.chars().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            ' ' | '\t' | '\n' | '\r' => i += 1,
            '(' => {
                tokens.push(Token::LParen);
                i += 1;
            }
            ')' => {
                tokens.push(Token::RParen);
                i += 1;
            }
            '[' => {
                tokens.push(Token::LBracket);
                i += 1;
            }
            ']' => {
                tokens.push(Token::RBracket);
                i += 1;
                if chars.get(i) == Some(&'.') {
                    let start = i + 1;
                    let mut j = start;
                    while j < chars.len() && is_word_char(chars[j]) && chars[j] != '.' {
                        j += 1;
                    }
                    if j == start {
                        return Err(invalid("a sub-attribute must follow \"].\""));
                    }
                    tokens.push(Token::SubAttr(chars[start..j].iter().collect()));
                    i = j;
                }
            }
            '"' => {
                // A JSON string: find its end, then let serde_json decode the escapes.
                let start = i;
                i += 1;
                let mut closed = false;
                while i < chars.len() {
                    match chars[i] {
                        '\\' => i += 2,
                        '"' => {
                            closed = true;
                            i += 1;
                            break;
                        }
                        _ => i += 1,
                    }
                }
                if !closed {
                    return Err(invalid("a string is not closed"));
                }
                let raw: String = chars[start..i.min(chars.len())].iter().collect();
                let value: String = serde_json::from_str(&raw)
                    .map_err(|_| invalid(format!("not a valid string: {raw}")))?;
                tokens.push(Token::Str(value));
            }
            c if c == '-' || c.is_ascii_digit() => {
                let start = i;
                i += 1;
                while i < chars.len() && (chars[i].is_ascii_digit() || ".eE+-".contains(chars[i])) {
                    i += 1;
                }
                let raw: String = chars[start..i].iter().collect();
                let number: serde_json::Number = raw
                    .parse()
                    .map_err(|_| invalid(format!("not a number: {raw}")))?;
                tokens.push(Token::Number(number));
            }
            c if is_word_char(c) => {
                let start = i;
                while i < chars.len() && is_word_char(chars[i]) {
                    i += 1;
                }
                tokens.push(Token::Word(chars[start..i].iter().collect()));
            }
            other => return Err(invalid(format!("unexpected character {other:?}"))),
        }
    }
    Ok(tokens)
}

fn is_word_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, ':' | '.' | '_' | '-' | '$')
}

struct Parser {
    tokens: Vec<Token>,
    at: usize,
    depth: usize,
}

/// Nesting deeper than this is refused (a filter is a line, not a program).
const MAX_DEPTH: usize = 32;

impl Parser {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.at)
    }

    fn next(&mut self) -> Option<Token> {
        let t = self.tokens.get(self.at).cloned();
        self.at += 1;
        t
    }

    fn peek_keyword(&self, keyword: &str) -> bool {
        matches!(self.peek(), Some(Token::Word(w)) if w.eq_ignore_ascii_case(keyword))
    }

    fn nested<T>(
        &mut self,
        f: impl FnOnce(&mut Self) -> Result<T, ScimError>,
    ) -> Result<T, ScimError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(invalid("the filter is nested too deeply"));
        }
        let out = f(self);
        self.depth -= 1;
        out
    }

    /// or-expression: and-expression ("or" and-expression)*
    fn or_expr(&mut self) -> Result<Filter, ScimError> {
        let mut left = self.and_expr()?;
        while self.peek_keyword("or") {
            self.at += 1;
            let right = self.and_expr()?;
            left = Filter::Or(Box::new(left), Box::new(right));
        }
        Ok(left)
    }

    fn and_expr(&mut self) -> Result<Filter, ScimError> {
        let mut left = self.unary()?;
        while self.peek_keyword("and") {
            self.at += 1;
            let right = self.unary()?;
            left = Filter::And(Box::new(left), Box::new(right));
        }
        Ok(left)
    }

    fn unary(&mut self) -> Result<Filter, ScimError> {
        if self.peek_keyword("not") {
            self.at += 1;
            if self.next() != Some(Token::LParen) {
                return Err(invalid("\"not\" must be followed by \"(\""));
            }
            let inner = self.nested(Self::or_expr)?;
            if self.next() != Some(Token::RParen) {
                return Err(invalid("a \")\" is missing"));
            }
            return Ok(Filter::Not(Box::new(inner)));
        }
        if self.peek() == Some(&Token::LParen) {
            self.at += 1;
            let inner = self.nested(Self::or_expr)?;
            if self.next() != Some(Token::RParen) {
                return Err(invalid("a \")\" is missing"));
            }
            return Ok(inner);
        }
        self.attribute_expression()
    }

    fn attribute_expression(&mut self) -> Result<Filter, ScimError> {
        let Some(Token::Word(word)) = self.next() else {
            return Err(invalid("an attribute path is expected"));
        };
        let path = AttrPath::parse(&word).map_err(|e| invalid(e.detail))?;
        if self.peek() == Some(&Token::LBracket) {
            self.at += 1;
            let inner = self.nested(Self::or_expr)?;
            if self.next() != Some(Token::RBracket) {
                return Err(invalid("a \"]\" is missing"));
            }
            // `emails[type eq "work"].value eq "x"`: the comparison joins the inner filter.
            if let Some(Token::SubAttr(sub)) = self.peek().cloned() {
                self.at += 1;
                let sub_path = AttrPath {
                    schema: None,
                    attr: sub,
                    sub: None,
                };
                let compare = self.comparison(sub_path)?;
                return Ok(Filter::ValuePath(
                    path,
                    Box::new(Filter::And(Box::new(inner), Box::new(compare))),
                ));
            }
            return Ok(Filter::ValuePath(path, Box::new(inner)));
        }
        self.comparison(path)
    }

    fn comparison(&mut self, path: AttrPath) -> Result<Filter, ScimError> {
        let Some(Token::Word(op)) = self.next() else {
            return Err(invalid(format!(
                "an operator is expected after {}",
                path.render()
            )));
        };
        let op = match op.to_ascii_lowercase().as_str() {
            "pr" => return Ok(Filter::Present(path)),
            "eq" => CompareOp::Eq,
            "ne" => CompareOp::Ne,
            "co" => CompareOp::Co,
            "sw" => CompareOp::Sw,
            "ew" => CompareOp::Ew,
            "gt" => CompareOp::Gt,
            "ge" => CompareOp::Ge,
            "lt" => CompareOp::Lt,
            "le" => CompareOp::Le,
            other => return Err(invalid(format!("unknown operator {other}"))),
        };
        let value = match self.next() {
            Some(Token::Str(s)) => Value::String(s),
            Some(Token::Number(n)) => Value::Number(n),
            Some(Token::Word(w)) if w.eq_ignore_ascii_case("true") => Value::Bool(true),
            Some(Token::Word(w)) if w.eq_ignore_ascii_case("false") => Value::Bool(false),
            Some(Token::Word(w)) if w.eq_ignore_ascii_case("null") => Value::Null,
            _ => {
                return Err(invalid(format!(
                    "a value (string, number, true, false or null) is expected after {}",
                    path.render()
                )));
            }
        };
        Ok(Filter::Compare(path, op, value))
    }
}

/// Parses a filter.
pub fn parse(input: &str) -> Result<Filter, ScimError> {
    if input.chars().count() > super::MAX_FILTER_CHARS {
        return Err(invalid(format!(
            "the filter is longer than {} characters",
            super::MAX_FILTER_CHARS
        )));
    }
    let tokens = tokenize(input)?;
    if tokens.is_empty() {
        return Err(invalid("the filter is empty"));
    }
    let mut parser = Parser {
        tokens,
        at: 0,
        depth: 0,
    };
    let filter = parser.or_expr()?;
    if parser.at < parser.tokens.len() {
        return Err(invalid("the filter goes on after a complete expression"));
    }
    Ok(filter)
}

/// The attribute and value of a filter that is a single `userName eq "…"` or `externalId eq
/// "…"` (what identity providers send on every sync), for a query by index.
pub fn simple_eq(filter: &Filter) -> Option<(&'static str, &str)> {
    let Filter::Compare(path, CompareOp::Eq, Value::String(value)) = filter else {
        return None;
    };
    for attr in ["userName", "externalId", "displayName"] {
        if path.is_core(attr) {
            return Some((attr, value));
        }
    }
    None
}

/// Whether values of `path` compare case-exactly.
fn case_exact(attr: &str, sub: Option<&str>) -> bool {
    let name = match sub {
        Some(s) => format!("{attr}.{s}"),
        None => attr.to_string(),
    }
    .to_ascii_lowercase();
    matches!(
        name.as_str(),
        "id" | "externalid" | "meta.version" | "members.$ref" | "groups.$ref" | "$ref"
    ) || name.ends_with(".$ref")
}

/// Whether `resource` (a resource as served) matches `filter`.
pub fn matches(filter: &Filter, resource: &Value) -> Result<bool, ScimError> {
    match filter {
        Filter::And(a, b) => Ok(matches(a, resource)? && matches(b, resource)?),
        Filter::Or(a, b) => Ok(matches(a, resource)? || matches(b, resource)?),
        Filter::Not(inner) => Ok(!matches(inner, resource)?),
        Filter::Present(path) => Ok(values(resource, path).iter().any(|v| present(v))),
        Filter::Compare(path, op, expected) => {
            let found = values(resource, path);
            let exact = case_exact(&path.attr, path.sub.as_deref());
            if *op == CompareOp::Ne {
                let equal = found
                    .iter()
                    .map(|v| compare(v, CompareOp::Eq, expected, exact))
                    .collect::<Result<Vec<_>, _>>()?;
                return Ok(!equal.into_iter().any(|m| m));
            }
            if expected.is_null() {
                return match op {
                    CompareOp::Eq => Ok(!found.iter().any(|v| present(v))),
                    _ => Err(invalid("null compares with eq and ne only")),
                };
            }
            for v in found {
                if compare(v, *op, expected, exact)? {
                    return Ok(true);
                }
            }
            Ok(false)
        }
        Filter::ValuePath(path, inner) => {
            let Some(attr) = lookup(resource, path) else {
                return Ok(false);
            };
            let items: Vec<&Value> = match attr {
                Value::Array(items) => items.iter().collect(),
                other => vec![other],
            };
            for item in items {
                if matches(inner, item)? {
                    return Ok(true);
                }
            }
            Ok(false)
        }
    }
}

fn present(v: &Value) -> bool {
    match v {
        Value::Null => false,
        Value::String(s) => !s.is_empty(),
        Value::Array(a) => !a.is_empty(),
        Value::Object(o) => !o.is_empty(),
        _ => true,
    }
}

/// The attribute `path.attr` of `resource` (in its extension object when the path names one).
fn lookup<'a>(resource: &'a Value, path: &AttrPath) -> Option<&'a Value> {
    match path.schema.as_deref() {
        Some(s) if s.eq_ignore_ascii_case(USER_SCHEMA) || s.eq_ignore_ascii_case(GROUP_SCHEMA) => {
            get_ci(resource, &path.attr)
        }
        Some(s) => get_ci(get_ci(resource, s)?, &path.attr),
        None => get_ci(resource, &path.attr),
    }
}

/// Every value the path reaches: a multi-valued attribute gives each of its values, a complex
/// value without a sub-attribute stands for its `value`.
fn values<'a>(resource: &'a Value, path: &AttrPath) -> Vec<&'a Value> {
    let Some(attr) = lookup(resource, path) else {
        return Vec::new();
    };
    let items: Vec<&Value> = match attr {
        Value::Array(items) => items.iter().collect(),
        other => vec![other],
    };
    items
        .into_iter()
        .filter_map(|item| match (&path.sub, item) {
            (Some(sub), Value::Object(_)) => get_ci(item, sub),
            (Some(_), _) => None,
            (None, Value::Object(_)) => get_ci(item, "value"),
            (None, other) => Some(other),
        })
        .collect()
}

fn compare(
    actual: &Value,
    op: CompareOp,
    expected: &Value,
    exact: bool,
) -> Result<bool, ScimError> {
    match (actual, expected) {
        (Value::Bool(a), Value::Bool(e)) => match op {
            CompareOp::Eq => Ok(a == e),
            _ => Err(invalid("booleans compare with eq and ne only")),
        },
        (Value::Number(a), Value::Number(e)) => {
            let (Some(a), Some(e)) = (a.as_f64(), e.as_f64()) else {
                return Ok(false);
            };
            Ok(match op {
                CompareOp::Eq => a == e,
                CompareOp::Gt => a > e,
                CompareOp::Ge => a >= e,
                CompareOp::Lt => a < e,
                CompareOp::Le => a <= e,
                _ => return Err(invalid("numbers compare with eq, ne, gt, ge, lt and le")),
            })
        }
        (Value::String(a), Value::String(e)) => {
            // Timestamps (meta.created, meta.lastModified) compare as instants.
            if let (Ok(a), Ok(e)) = (
                DateTime::parse_from_rfc3339(a),
                DateTime::parse_from_rfc3339(e),
            ) {
                let (a, e) = (a.with_timezone(&Utc), e.with_timezone(&Utc));
                return Ok(match op {
                    CompareOp::Eq => a == e,
                    CompareOp::Gt => a > e,
                    CompareOp::Ge => a >= e,
                    CompareOp::Lt => a < e,
                    CompareOp::Le => a <= e,
                    CompareOp::Co | CompareOp::Sw | CompareOp::Ew | CompareOp::Ne => {
                        string_compare(&a.to_rfc3339(), op, &e.to_rfc3339())
                    }
                });
            }
            let (a, e) = if exact {
                (a.clone(), e.clone())
            } else {
                (a.to_lowercase(), e.to_lowercase())
            };
            Ok(string_compare(&a, op, &e))
        }
        (Value::Bool(_), _) | (_, Value::Bool(_)) => match op {
            CompareOp::Eq => Ok(false),
            _ => Err(invalid("booleans compare with eq and ne only")),
        },
        _ => Ok(false),
    }
}

fn string_compare(a: &str, op: CompareOp, e: &str) -> bool {
    match op {
        CompareOp::Eq => a == e,
        CompareOp::Ne => a != e,
        CompareOp::Co => a.contains(e),
        CompareOp::Sw => a.starts_with(e),
        CompareOp::Ew => a.ends_with(e),
        CompareOp::Gt => a > e,
        CompareOp::Ge => a >= e,
        CompareOp::Lt => a < e,
        CompareOp::Le => a <= e,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn user() -> Value {
        json!({
            "schemas": [USER_SCHEMA, ENTERPRISE_SCHEMA],
            "id": "0190a0b2-0000-7000-8000-000000000001",
            "externalId": "AbC-1",
            "userName": "jan.jansen@korenschoof.example",
            "displayName": "Jan Jansen",
            "name": { "formatted": "Jan Jansen" },
            "active": true,
            "emails": [
                { "value": "jan.jansen@korenschoof.example", "type": "work", "primary": true },
                { "value": "jan@thuis.example", "type": "home" }
            ],
            ENTERPRISE_SCHEMA: { "employeeNumber": "B0042", "department": "Bakkerij" },
            "meta": { "resourceType": "User", "lastModified": "2026-12-11T10:00:00.000Z", "version": "W/\"1\"" }
        })
    }

    fn check(filter: &str) -> bool {
        matches(&parse(filter).unwrap(), &user()).unwrap()
    }

    #[test]
    fn comparisons() {
        assert!(check(r#"userName eq "JAN.JANSEN@korenschoof.example""#));
        assert!(check(r#"USERNAME Eq "jan.jansen@korenschoof.example""#));
        assert!(!check(r#"userName eq "piet@korenschoof.example""#));
        assert!(check(r#"userName ne "piet@korenschoof.example""#));
        assert!(check(r#"displayName co "jans""#));
        assert!(check(r#"displayName sw "Jan ""#));
        assert!(check(r#"displayName ew "sen""#));
        assert!(check(r#"displayName gt "A" and displayName lt "Z""#));
        assert!(check(r#"externalId eq "AbC-1""#));
        assert!(
            !check(r#"externalId eq "abc-1""#),
            "externalId is case-exact"
        );
        assert!(check("active eq true"));
        assert!(!check("active eq false"));
        assert!(check(r#"id eq "0190a0b2-0000-7000-8000-000000000001""#));
        assert!(check(r#"name.formatted eq "jan jansen""#));
    }

    #[test]
    fn multi_valued_and_value_paths() {
        assert!(check(r#"emails.value eq "jan@thuis.example""#));
        assert!(check(r#"emails eq "jan@thuis.example""#));
        assert!(check(r#"emails[type eq "work"]"#));
        assert!(check(
            r#"emails[type eq "work" and value ew "korenschoof.example"]"#
        ));
        assert!(!check(
            r#"emails[type eq "home" and value ew "korenschoof.example"]"#
        ));
        assert!(check(
            r#"emails[type eq "work"].value eq "jan.jansen@korenschoof.example""#
        ));
        assert!(!check(
            r#"emails[type eq "home"].value eq "jan.jansen@korenschoof.example""#
        ));
        assert!(!check(r#"phoneNumbers[type eq "work"]"#));
    }

    #[test]
    fn logic_presence_and_precedence() {
        assert!(check("userName pr"));
        assert!(!check("nickName pr"));
        assert!(check(r#"not (userName eq "x")"#));
        // and binds tighter than or.
        assert!(check(
            r#"userName eq "x" or active eq true and displayName sw "Jan""#
        ));
        assert!(!check(
            r#"(userName eq "x" or active eq true) and displayName sw "Piet""#
        ));
        assert!(check(
            r#"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department eq "bakkerij""#
        ));
        assert!(check(
            r#"urn:ietf:params:scim:schemas:core:2.0:User:userName sw "jan""#
        ));
        assert!(check(r#"meta.lastModified gt "2026-12-11T09:00:00Z""#));
        assert!(check(r#"meta.lastModified le "2026-12-11T11:00:00+01:00""#));
        assert!(!check(r#"meta.lastModified lt "2026-12-11T10:00:00Z""#));
        assert!(check("nickName eq null"));
        assert!(check(
            r#"userName eq "a\"b" or true eq true or active eq true"#
        ));
    }

    #[test]
    fn bad_filters_are_invalid_filter_errors() {
        for bad in [
            "",
            "userName",
            r#"userName eq"#,
            r#"userName xx "a""#,
            r#"userName eq "unclosed"#,
            r#"(userName eq "a""#,
            r#"userName eq "a" and"#,
            r#"userName eq "a" "b""#,
            r#"emails[type eq "work""#,
            "not userName eq \"a\"",
            "userName eq @",
        ] {
            let e = parse(bad).unwrap_err();
            assert_eq!(e.scim_type, Some("invalidFilter"), "{bad}");
        }
        let long = format!("userName eq \"{}\"", "a".repeat(1000));
        assert_eq!(parse(&long).unwrap_err().scim_type, Some("invalidFilter"));
        let deep = format!("{}userName pr{}", "(".repeat(40), ")".repeat(40));
        assert_eq!(parse(&deep).unwrap_err().scim_type, Some("invalidFilter"));
        let e = matches(&parse("active gt true").unwrap(), &user()).unwrap_err();
        assert_eq!(e.scim_type, Some("invalidFilter"));
    }

    #[test]
    fn the_fast_path_is_only_a_single_equality() {
        let f = parse(r#"userName eq "Jan@X.example""#).unwrap();
        assert_eq!(simple_eq(&f), Some(("userName", "Jan@X.example")));
        let f = parse(r#"externalId eq "abc""#).unwrap();
        assert_eq!(simple_eq(&f), Some(("externalId", "abc")));
        for other in [
            r#"userName eq "a" and active eq true"#,
            r#"userName co "a""#,
            r#"emails.value eq "a""#,
            r#"name.userName eq "a""#,
        ] {
            assert_eq!(simple_eq(&parse(other).unwrap()), None, "{other}");
        }
    }

    #[test]
    fn paths_split_schemas_with_dots() {
        let p = AttrPath::parse(
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber",
        )
        .unwrap();
        assert_eq!(p.schema.as_deref(), Some(ENTERPRISE_SCHEMA));
        assert_eq!((p.attr.as_str(), p.sub), ("employeeNumber", None));
        let p = AttrPath::parse("name.givenName").unwrap();
        assert_eq!(
            (p.attr.as_str(), p.sub.as_deref()),
            ("name", Some("givenName"))
        );
        let p = AttrPath::parse("members.$ref").unwrap();
        assert_eq!(p.sub.as_deref(), Some("$ref"));
        assert!(AttrPath::parse("a.b.c").is_err());
        assert!(AttrPath::parse("").is_err());
    }
}

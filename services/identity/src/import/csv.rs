//! The CSV an HR department exports from its payroll or Excel: UTF-8 with or without a byte
//! order mark, comma or semicolon (Excel-NL writes semicolons), fields in double quotes where
//! they hold the separator, a quote or a line break (RFC 4180). Small enough to keep here
//! rather than add a crate for it.

/// One record: the line it starts on (1-based, the header is line 1) and its fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    /// The line the record starts on.
    pub line: usize,
    /// The fields, as written (quotes removed, not trimmed).
    pub fields: Vec<String>,
}

/// Why a file cannot be read at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    /// The line where reading stopped.
    pub line: usize,
    /// What is wrong, for the HR user.
    pub message: String,
}

/// Splits `text` into records, the separator taken from the header line (the first of `;`
/// and `,` outside quotes). Blank lines are skipped.
pub fn parse(text: &str) -> Result<Vec<Record>, ParseError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let separator = separator(text);
    let mut records = Vec::new();
    let mut fields: Vec<String> = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut line = 1;
    let mut start = 1;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => quoted = false,
                '\n' => {
                    line += 1;
                    field.push('\n');
                }
                _ => field.push(c),
            }
            continue;
        }
        match c {
            '"' if field.is_empty() => quoted = true,
            c if c == separator => fields.push(std::mem::take(&mut field)),
            '\r' => {}
            '\n' => {
                fields.push(std::mem::take(&mut field));
                push(&mut records, start, std::mem::take(&mut fields));
                line += 1;
                start = line;
            }
            _ => field.push(c),
        }
    }
    if quoted {
        return Err(ParseError {
            line: start,
            message: "a quoted field is not closed".into(),
        });
    }
    if !field.is_empty() || !fields.is_empty() {
        fields.push(field);
        push(&mut records, start, fields);
    }
    Ok(records)
}

/// Keeps a record unless every field is blank.
fn push(records: &mut Vec<Record>, line: usize, fields: Vec<String>) {
    if fields.iter().any(|f| !f.trim().is_empty()) {
        records.push(Record { line, fields });
    }
}

/// `;` or `,`, whichever comes first outside quotes on the first line; `,` when neither does.
fn separator(text: &str) -> char {
    let mut quoted = false;
    for c in text.chars() {
        match c {
            '"' => quoted = !quoted,
            ';' | ',' if !quoted => return c,
            '\n' if !quoted => break,
            _ => {}
        }
    }
    ','
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(records: &[Record]) -> Vec<Vec<&str>> {
        records
            .iter()
            .map(|r| r.fields.iter().map(String::as_str).collect())
            .collect()
    }

    #[test]
    fn commas_semicolons_quotes_and_a_byte_order_mark() {
        let comma = parse("a,b\n1,\"x, y\"\n").unwrap();
        assert_eq!(fields(&comma), [vec!["a", "b"], vec!["1", "x, y"]]);
        let semicolon = parse("\u{feff}a;b\r\n1;\"zegt \"\"hoi\"\"\";\r\n").unwrap();
        assert_eq!(
            fields(&semicolon),
            [vec!["a", "b"], vec!["1", "zegt \"hoi\"", ""]]
        );
        // A line break inside quotes: the next record knows its own line.
        let multi = parse("a,b\n\"one\ntwo\",x\n\n3,4").unwrap();
        assert_eq!(
            fields(&multi),
            [vec!["a", "b"], vec!["one\ntwo", "x"], vec!["3", "4"]]
        );
        assert_eq!(multi.iter().map(|r| r.line).collect::<Vec<_>>(), [1, 2, 5]);
    }

    #[test]
    fn an_unclosed_quote_is_refused_with_its_line() {
        let err = parse("a,b\n1,2\n3,\"open\n").unwrap_err();
        assert_eq!(err.line, 3);
    }
}

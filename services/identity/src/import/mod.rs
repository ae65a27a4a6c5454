//! Reading an employee import (`POST /api/employees/import`): the header names the columns,
//! English or Dutch; every field is checked and every problem reported with its line, so HR
//! fixes the file once. Pure: the service matches the rows against the stored employees and
//! writes all or nothing.

pub mod csv;

use chrono::NaiveDate;
use serde::Serialize;

use crate::model::ContractType;

/// Most rows one file may hold.
pub const MAX_ROWS: usize = 20_000;
/// Most bytes one file may hold.
pub const MAX_BYTES: usize = 5 * 1024 * 1024;

/// A column of the import.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Column {
    /// Personnel number: rows are matched on it.
    EmployeeNumber,
    /// Full name.
    Name,
    /// E-mail address.
    Email,
    /// Department name (created when new).
    Department,
    /// Contract hours per week.
    HoursPerWeek,
    /// First day of employment.
    EmployedSince,
    /// Last day of employment.
    EmployedUntil,
    /// Contract type.
    ContractType,
}

impl Column {
    /// Every column with its English and Dutch header, as the import page lists them.
    pub const ALL: [(Column, &'static str, &'static str); 8] = [
        (Column::EmployeeNumber, "employeeNumber", "personeelsnummer"),
        (Column::Name, "name", "naam"),
        (Column::Email, "email", "e-mail"),
        (Column::Department, "department", "afdeling"),
        (Column::HoursPerWeek, "hoursPerWeek", "uren per week"),
        (Column::EmployedSince, "employedSince", "in dienst"),
        (Column::EmployedUntil, "employedUntil", "uit dienst"),
        (Column::ContractType, "contractType", "contract"),
    ];

    /// The column a header cell names: either language, case, spaces, hyphens and
    /// underscores ignored.
    fn named(header: &str) -> Option<Column> {
        let key = |s: &str| -> String {
            s.chars()
                .filter(|c| !matches!(c, ' ' | '-' | '_'))
                .flat_map(char::to_lowercase)
                .collect()
        };
        let wanted = key(header.trim());
        Column::ALL
            .iter()
            .find(|(_, en, nl)| key(en) == wanted || key(nl) == wanted)
            .map(|(c, _, _)| *c)
    }
}

/// What is wrong with a line, for the page to say in Dutch or English.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Problem {
    /// The file cannot be read (an unclosed quote, no header).
    Unreadable,
    /// The header lacks a required column, or names one twice, or one we do not know.
    BadHeader,
    /// More rows than one file may hold.
    TooManyRows,
    /// A required field is empty.
    Required,
    /// A field is too long.
    TooLong,
    /// Not an e-mail address.
    InvalidEmail,
    /// Not a number of hours between 0 and 60.
    InvalidHours,
    /// Not a date.
    InvalidDate,
    /// The employment ends before it starts.
    DatesReversed,
    /// Not a contract type we know.
    UnknownContractType,
    /// The personnel number stands on an earlier line too.
    DuplicateNumber,
    /// The e-mail address belongs to another employee.
    EmailTaken,
}

/// A problem on a line of the file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LineError {
    /// The line (the header is line 1).
    pub line: usize,
    /// The column's header as the file wrote it, if the problem is in one field.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<String>,
    /// What kind of problem.
    pub reason: Problem,
    /// What is wrong, in English.
    pub message: String,
}

/// A row as read, every field checked. Empty optional fields are `None`: an update leaves the
/// stored value alone.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    /// Its line.
    pub line: usize,
    /// Personnel number.
    pub employee_number: String,
    /// Full name.
    pub name: String,
    /// E-mail, normalised.
    pub email: Option<String>,
    /// Department name.
    pub department: Option<String>,
    /// Contract hours per week.
    pub hours_per_week: Option<f64>,
    /// First day of employment.
    pub employed_since: Option<NaiveDate>,
    /// Last day of employment.
    pub employed_until: Option<NaiveDate>,
    /// Contract type.
    pub contract_type: Option<ContractType>,
}

/// Reads a whole file: the rows, or every problem in it.
pub fn read(text: &str) -> Result<Vec<Row>, Vec<LineError>> {
    let records = csv::parse(text).map_err(|e| {
        vec![LineError {
            line: e.line,
            column: None,
            reason: Problem::Unreadable,
            message: e.message,
        }]
    })?;
    let Some((header, body)) = records.split_first() else {
        return Err(vec![error(
            1,
            None,
            Problem::Unreadable,
            "the file is empty",
        )]);
    };
    let columns = header_columns(header)?;
    if body.len() > MAX_ROWS {
        return Err(vec![error(
            MAX_ROWS + 2,
            None,
            Problem::TooManyRows,
            &format!("at most {MAX_ROWS} employees in one file"),
        )]);
    }
    let mut rows = Vec::with_capacity(body.len());
    let mut errors = Vec::new();
    // A personnel number twice in one file: which line is meant is unclear.
    let number_at = columns
        .iter()
        .position(|(c, _)| *c == Column::EmployeeNumber);
    let mut seen: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for record in body {
        let number = number_at
            .and_then(|i| record.fields.get(i))
            .map(|v| v.trim())
            .filter(|v| !v.is_empty());
        if let Some(number) = number
            && let Some(first) = seen.insert(number, record.line)
        {
            errors.push(error(
                record.line,
                Some(header_of(&columns, Column::EmployeeNumber)),
                Problem::DuplicateNumber,
                &format!("personnel number {number} stands on line {first} too"),
            ));
        }
        match read_row(record, &columns) {
            Ok(row) => rows.push(row),
            Err(mut e) => errors.append(&mut e),
        }
    }
    if errors.is_empty() {
        Ok(rows)
    } else {
        errors.sort_by_key(|e| e.line);
        Err(errors)
    }
}

fn error(line: usize, column: Option<&str>, reason: Problem, message: &str) -> LineError {
    LineError {
        line,
        column: column.map(str::to_owned),
        reason,
        message: message.to_owned(),
    }
}

/// The header's columns in order, with the words the file used.
fn header_columns(header: &csv::Record) -> Result<Vec<(Column, String)>, Vec<LineError>> {
    let mut columns = Vec::new();
    let mut errors = Vec::new();
    for cell in &header.fields {
        match Column::named(cell) {
            Some(c) if columns.iter().any(|(seen, _)| *seen == c) => errors.push(error(
                1,
                Some(cell.trim()),
                Problem::BadHeader,
                "this column is named twice",
            )),
            Some(c) => columns.push((c, cell.trim().to_owned())),
            None => errors.push(error(
                1,
                Some(cell.trim()),
                Problem::BadHeader,
                "unknown column; see the import page for the column names",
            )),
        }
    }
    for required in [Column::EmployeeNumber, Column::Name] {
        if !columns.iter().any(|(c, _)| *c == required) {
            let (_, en, nl) = Column::ALL
                .iter()
                .find(|(c, _, _)| *c == required)
                .copied()
                .unwrap_or((required, "", ""));
            errors.push(error(
                1,
                None,
                Problem::BadHeader,
                &format!("the column {en} ({nl}) is required"),
            ));
        }
    }
    if errors.is_empty() {
        Ok(columns)
    } else {
        Err(errors)
    }
}

fn header_of(columns: &[(Column, String)], column: Column) -> &str {
    columns
        .iter()
        .find(|(c, _)| *c == column)
        .map_or("", |(_, h)| h.as_str())
}

fn read_row(record: &csv::Record, columns: &[(Column, String)]) -> Result<Row, Vec<LineError>> {
    let line = record.line;
    let mut errors = Vec::new();
    let cell = |column: Column| -> Option<(&str, &str)> {
        let i = columns.iter().position(|(c, _)| *c == column)?;
        let value = record.fields.get(i).map(|v| v.trim()).unwrap_or("");
        Some((value, columns[i].1.as_str())).filter(|(v, _)| !v.is_empty())
    };
    let mut fail = |header: &str, reason: Problem, message: &str| {
        errors.push(error(line, Some(header), reason, message));
    };
    let mut text = |column: Column, max: usize, required: bool| -> Option<String> {
        match cell(column) {
            None if required => {
                fail(header_of(columns, column), Problem::Required, "required");
                None
            }
            None => None,
            Some((v, h)) if v.chars().count() > max => {
                fail(h, Problem::TooLong, &format!("at most {max} characters"));
                None
            }
            Some((v, h)) if v.chars().any(|c| platform::text::is_forbidden(c, false)) => {
                fail(h, Problem::Required, "control characters are not allowed");
                None
            }
            Some((v, _)) => Some(v.to_owned()),
        }
    };
    let employee_number = text(Column::EmployeeNumber, 50, true);
    let name = text(Column::Name, 200, true);
    let department = text(Column::Department, 100, false);
    let email = text(Column::Email, 254, false);
    let email = match email {
        Some(e) => match crate::model::normalize_email(&e) {
            Ok(e) => Some(e),
            Err(_) => {
                fail(
                    header_of(columns, Column::Email),
                    Problem::InvalidEmail,
                    "not an e-mail address",
                );
                None
            }
        },
        None => None,
    };
    let hours_per_week = cell(Column::HoursPerWeek).and_then(|(v, h)| {
        let parsed = v.replace(',', ".").parse::<f64>().ok();
        match parsed {
            Some(hours) if hours > 0.0 && hours <= 60.0 => Some(hours),
            _ => {
                fail(
                    h,
                    Problem::InvalidHours,
                    "hours per week: a number above 0 and at most 60",
                );
                None
            }
        }
    });
    let mut date = |column: Column| {
        cell(column).and_then(|(v, h)| match parse_date(v) {
            Some(d) => Some(d),
            None => {
                fail(
                    h,
                    Problem::InvalidDate,
                    "a date such as 2026-03-01 or 01-03-2026",
                );
                None
            }
        })
    };
    let employed_since = date(Column::EmployedSince);
    let employed_until = date(Column::EmployedUntil);
    if let (Some(since), Some(until)) = (employed_since, employed_until)
        && until < since
    {
        fail(
            header_of(columns, Column::EmployedUntil),
            Problem::DatesReversed,
            "the employment ends before it starts",
        );
    }
    let contract_type = cell(Column::ContractType).and_then(|(v, h)| match contract_type(v) {
        Some(c) => Some(c),
        None => {
            fail(
                h,
                Problem::UnknownContractType,
                "PERMANENT, FIXED_TERM, ON_CALL or AGENCY (or vast, tijdelijk, oproep, uitzend)",
            );
            None
        }
    });
    match (employee_number, name) {
        (Some(employee_number), Some(name)) if errors.is_empty() => Ok(Row {
            line,
            employee_number,
            name,
            email,
            department,
            hours_per_week,
            employed_since,
            employed_until,
            contract_type,
        }),
        _ => Err(errors),
    }
}

/// `2026-03-01`, `01-03-2026`, `1-3-2026` or `01/03/2026` (Dutch spreadsheets write the day
/// first).
pub fn parse_date(raw: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(raw, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(raw, "%d-%m-%Y"))
        .or_else(|_| NaiveDate::parse_from_str(raw, "%d/%m/%Y"))
        .ok()
        .filter(|d| (1900..=2200).contains(&chrono::Datelike::year(d)))
}

/// The contract type in the API's words or the Dutch ones payroll exports use.
fn contract_type(raw: &str) -> Option<ContractType> {
    if let Some(c) = ContractType::parse(&raw.to_uppercase()) {
        return Some(c);
    }
    match raw.to_lowercase().as_str() {
        "vast" | "onbepaalde tijd" | "onbepaald" => Some(ContractType::Permanent),
        "tijdelijk" | "bepaalde tijd" | "bepaald" => Some(ContractType::FixedTerm),
        "oproep" | "oproepkracht" | "nuluren" | "min-max" => Some(ContractType::OnCall),
        "uitzend" | "uitzendkracht" => Some(ContractType::Agency),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_and_dutch_headers_read_the_same() {
        let en = "employeeNumber,name,email,department,hoursPerWeek,employedSince,employedUntil,contractType\n\
                  P1,Anna Jansen,Anna@Example.nl,Bakkerij,\"32,5\",2020-01-01,,PERMANENT\n";
        let nl = "\u{feff}personeelsnummer;naam;e-mail;afdeling;uren per week;in dienst;uit dienst;contract\n\
                  P1;Anna Jansen;anna@example.nl;Bakkerij;32,5;01-01-2020;;vast\n";
        let a = read(en).unwrap();
        let b = read(nl).unwrap();
        assert_eq!(a, b);
        assert_eq!(a[0].email.as_deref(), Some("anna@example.nl"));
        assert_eq!(a[0].hours_per_week, Some(32.5));
        assert_eq!(a[0].contract_type, Some(ContractType::Permanent));
        assert_eq!(a[0].employed_until, None);
    }

    #[test]
    fn every_problem_is_reported_with_its_line() {
        let file = "personeelsnummer;naam;e-mail;uren per week;in dienst;uit dienst;contract\n\
                    P1;;geen-mail;70;31-02-2020;;vast\n\
                    P2;Bram;;;2024-05-01;2024-01-01;freelance\n\
                    P1;Anna;;;;;\n";
        let errors = read(file).unwrap_err();
        let got: Vec<(usize, Problem)> = errors.iter().map(|e| (e.line, e.reason)).collect();
        assert_eq!(
            got,
            [
                (2, Problem::Required),
                (2, Problem::InvalidEmail),
                (2, Problem::InvalidHours),
                (2, Problem::InvalidDate),
                (3, Problem::DatesReversed),
                (3, Problem::UnknownContractType),
                (4, Problem::DuplicateNumber),
            ]
        );
        assert_eq!(errors[0].column.as_deref(), Some("naam"));
    }

    #[test]
    fn a_header_without_the_required_columns_is_refused() {
        let errors = read("naam,afdeling,salaris\nAnna,Bakkerij,3000\n").unwrap_err();
        assert!(
            errors
                .iter()
                .all(|e| e.line == 1 && e.reason == Problem::BadHeader)
        );
        assert_eq!(errors.len(), 2, "{errors:?}");
    }
}

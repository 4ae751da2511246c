//! The request parameters, from the command line and `--cli-input-json`,
//! merged and validated by botocore's rules and in botocore's words, before
//! anything is sent.

use std::path::PathBuf;

use serde_json::{Map, Value};

use crate::error::Error;
use crate::pyfmt;
use crate::settings::Request;

/// ListUserImportJobsRequest's members in model order.
const MEMBERS: [&str; 3] = ["UserPoolId", "MaxResults", "PaginationToken"];
const REQUIRED: [&str; 2] = ["UserPoolId", "MaxResults"];

/// Parameters as the user gave them, before validation.
pub struct Given {
    pub user_pool_id: Option<String>,
    pub max_results: Option<String>,
    pub pagination_token: Option<String>,
    pub cli_input_json: Option<String>,
}

pub fn request(given: Given) -> Result<Request, Error> {
    // Without --cli-input-json the required options are an argument-parser
    // matter (exit 2); with it they are checked after merging (exit 255).
    if given.cli_input_json.is_none() {
        let missing: Vec<&str> = [
            ("--user-pool-id", given.user_pool_id.is_none()),
            ("--max-results", given.max_results.is_none()),
        ]
        .into_iter()
        .filter_map(|(name, absent)| absent.then_some(name))
        .collect();
        if !missing.is_empty() {
            return Err(Error::Usage(format!(
                "the following arguments are required: {}",
                missing.join(", ")
            )));
        }
    }

    // Command-line values first, in model order, as aws builds them.
    let mut params = Map::new();
    if let Some(id) = given.user_pool_id {
        params.insert("UserPoolId".into(), Value::String(id));
    }
    if let Some(text) = &given.max_results {
        params.insert(
            "MaxResults".into(),
            Value::from(parse_int("--max-results", text)?),
        );
    }
    if let Some(token) = given.pagination_token {
        params.insert("PaginationToken".into(), Value::String(token));
    }
    // Then whatever the JSON adds that the command line did not give.
    if let Some(input) = &given.cli_input_json {
        for (key, value) in load_input_json(input)? {
            params.entry(key).or_insert(value);
        }
    }
    validate(params)
}

fn validate(params: Map<String, Value>) -> Result<Request, Error> {
    let mut problems = Vec::new();
    for required in REQUIRED {
        if !params.contains_key(required) {
            problems.push(format!(
                "Missing required parameter in input: \"{required}\""
            ));
        }
    }
    for key in params.keys() {
        if !MEMBERS.contains(&key.as_str()) {
            problems.push(format!(
                "Unknown parameter in input: \"{key}\", must be one of: {}",
                MEMBERS.join(", ")
            ));
        }
    }
    let mut request = Request {
        user_pool_id: String::new(),
        max_results: 0,
        pagination_token: None,
    };
    for (key, value) in &params {
        match (key.as_str(), value) {
            ("UserPoolId", Value::String(id)) => {
                check_min_length("UserPoolId", id, &mut problems);
                request.user_pool_id = id.clone();
            }
            ("PaginationToken", Value::String(token)) => {
                check_min_length("PaginationToken", token, &mut problems);
                request.pagination_token = Some(token.clone());
            }
            ("MaxResults", Value::Number(n)) if n.is_i64() || n.is_u64() => {
                let n = n.as_i64().unwrap_or(i64::MAX);
                if n < 1 {
                    problems.push(format!(
                        "Invalid value for parameter MaxResults, value: {n}, valid min value: 1"
                    ));
                }
                match i32::try_from(n) {
                    Ok(n) => request.max_results = n,
                    Err(_) => problems.push(format!(
                        "Invalid value for parameter MaxResults, value: {n}, valid max value: {}",
                        i32::MAX
                    )),
                }
            }
            ("UserPoolId" | "PaginationToken", other) => {
                problems.push(invalid_type(key, other, "str"))
            }
            ("MaxResults", other) => problems.push(invalid_type(key, other, "int")),
            _ => {}
        }
    }
    if problems.is_empty() {
        Ok(request)
    } else {
        Err(Error::Validation(problems))
    }
}

fn check_min_length(name: &str, value: &str, problems: &mut Vec<String>) {
    if value.is_empty() {
        problems.push(format!(
            "Invalid length for parameter {name}, value: 0, valid min length: 1"
        ));
    }
}

fn invalid_type(name: &str, value: &Value, valid: &str) -> String {
    format!(
        "Invalid type for parameter {name}, value: {}, type: <class '{}'>, valid types: <class '{valid}'>",
        pyfmt::str_of(value),
        pyfmt::type_name(value)
    )
}

/// Reads `--cli-input-json`: inline JSON, or `file://` / `fileb://` paths
/// as aws's paramfile rules resolve them.
fn load_input_json(input: &str) -> Result<Map<String, Value>, Error> {
    let text = match paramfile(input)? {
        Some(text) => text,
        None => input.to_owned(),
    };
    let invalid = |reason: String| {
        Error::InvalidValue(format!(
            "Error parsing parameter 'cli-input-json': Invalid JSON: {reason}\nJSON received: {text}"
        ))
    };
    match serde_json::from_str::<Value>(&text) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(other) => Err(invalid(format!(
            "expected an object of parameters, found {}",
            pyfmt::type_name(&other)
        ))),
        Err(err) => Err(invalid(err.to_string())),
    }
}

fn paramfile(input: &str) -> Result<Option<String>, Error> {
    let (path, binary) = if let Some(path) = input.strip_prefix("file://") {
        (path, false)
    } else if let Some(path) = input.strip_prefix("fileb://") {
        (path, true)
    } else {
        return Ok(None);
    };
    let resolved = expand_home(path);
    let unreadable = |detail: String| {
        Error::InvalidValue(format!(
            "Error parsing parameter '--cli-input-json': Unable to load paramfile {input}: {detail}"
        ))
    };
    let bytes = std::fs::read(&resolved).map_err(|err| unreadable(os_error(&err, &resolved)))?;
    match String::from_utf8(bytes) {
        Ok(text) => Ok(Some(text)),
        Err(_) if binary => Err(unreadable("the file is not UTF-8 JSON".into())),
        Err(_) => Err(unreadable(format!(
            "'utf-8' codec can't decode the contents of '{}'",
            resolved.display()
        ))),
    }
}

fn expand_home(path: &str) -> PathBuf {
    match (path.strip_prefix("~/"), std::env::var_os("HOME")) {
        (Some(rest), Some(home)) => PathBuf::from(home).join(rest),
        _ => PathBuf::from(path),
    }
}

/// Python's `[Errno 2] No such file or directory: '/path'`.
fn os_error(err: &std::io::Error, path: &std::path::Path) -> String {
    let text = err.to_string();
    let reason = text.split(" (os error").next().unwrap_or(&text);
    match err.raw_os_error() {
        Some(code) => format!("[Errno {code}] {reason}: '{}'", path.display()),
        None => format!("{reason}: '{}'", path.display()),
    }
}

/// Python's `int()`: surrounding whitespace, a sign and `_` between digits.
pub fn parse_int(option: &str, text: &str) -> Result<i64, Error> {
    let invalid = || {
        Error::InvalidValue(format!(
            "Error parsing parameter '{option}': invalid literal for int() with base 10: '{text}'"
        ))
    };
    let trimmed = text.trim();
    let (negative, magnitude) = match trimmed.as_bytes().first() {
        Some(b'-') => (true, &trimmed[1..]),
        Some(b'+') => (false, &trimmed[1..]),
        _ => (false, trimmed),
    };
    let well_formed = !magnitude.is_empty()
        && !magnitude.starts_with('_')
        && !magnitude.ends_with('_')
        && !magnitude.contains("__")
        && magnitude.chars().all(|c| c.is_ascii_digit() || c == '_');
    if !well_formed {
        return Err(invalid());
    }
    let clean: String = magnitude.chars().filter(|c| *c != '_').collect();
    // Beyond i64 the service would reject the value anyway; saturate so the
    // range check reports it.
    let value = clean.parse::<i64>().unwrap_or(i64::MAX);
    Ok(if negative { -value } else { value })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn given(json: &str) -> Given {
        Given {
            user_pool_id: None,
            max_results: None,
            pagination_token: None,
            cli_input_json: Some(json.into()),
        }
    }

    fn problems(result: Result<Request, Error>) -> Vec<String> {
        match result {
            Err(Error::Validation(problems)) => problems,
            other => panic!("expected a validation error, got {other:?}"),
        }
    }

    #[test]
    fn integers_parse_as_python_int_does() {
        for (text, want) in [("5", 5), (" 7 ", 7), ("+3", 3), ("-2", -2), ("1_0", 10)] {
            assert_eq!(
                parse_int("--max-results", text).ok(),
                Some(want),
                "{text:?}"
            );
        }
        for text in ["abc", "", "1.5", "_1", "1__0", "+-1", "0x10", "--1"] {
            assert!(parse_int("--max-results", text).is_err(), "{text:?}");
        }
    }

    #[test]
    fn command_line_values_override_the_json() {
        let mut input = given(r#"{"UserPoolId": "from-json", "MaxResults": 5}"#);
        input.user_pool_id = Some("from-flag".into());
        let request = match request(input) {
            Ok(request) => request,
            Err(err) => panic!("{err}"),
        };
        assert_eq!(request.user_pool_id, "from-flag");
        assert_eq!(request.max_results, 5);
    }

    #[test]
    fn problems_come_in_botocore_order() {
        assert_eq!(
            problems(request(given(r#"{"Bogus": 1, "MaxResults": "x"}"#))),
            [
                "Missing required parameter in input: \"UserPoolId\"",
                "Unknown parameter in input: \"Bogus\", must be one of: UserPoolId, MaxResults, PaginationToken",
                "Invalid type for parameter MaxResults, value: x, type: <class 'str'>, valid types: <class 'int'>",
            ]
        );
    }
}

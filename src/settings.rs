//! Turns parsed arguments, the environment and the selected profile into one
//! plain `Settings`. clap's types stop here; nothing after this stage sees
//! them.

use std::borrow::Cow;

use aws_config::profile::ProfileSet;
use aws_runtime::env_config::file::EnvConfigFiles;
use aws_types::os_shim_internal::{Env, Fs};

use crate::cli::{GlobalArgs, ListArgs, OutputFormat};
use crate::error::Error;
use crate::query::Query;

/// Everything one run needs, decided before any request is sent.
#[derive(Debug)]
pub struct Settings {
    pub request: Request,
    /// Follow `PaginationToken` to the last page (the default), or print
    /// exactly one page as the service returned it.
    pub paginate: bool,
    pub output: OutputFormat,
    pub query: Option<Query>,
    pub connection: Connection,
}

/// The ListUserImportJobs parameters, identical on every page but the token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    pub user_pool_id: String,
    pub max_results: i32,
    pub pagination_token: Option<String>,
}

/// How to reach the service: what the client stage needs.
#[derive(Debug, Default)]
pub struct Connection {
    pub profile: Option<String>,
    pub region: Option<String>,
    pub endpoint_url: Option<String>,
}

impl Settings {
    pub async fn resolve(global: GlobalArgs, args: ListArgs) -> Result<Settings, Error> {
        reject_unwired(&global, &args)?;
        // A bad --query must fail before anything else is touched.
        let query = global
            .query
            .as_deref()
            .map(|expression| {
                Query::compile(expression)
                    .map_err(|reason| Error::Other(format!("Bad value for --query {expression}: {reason}")))
            })
            .transpose()?;
        let request = request_from(args)?;

        let env = Env::real();
        let profile = global
            .profile
            .clone()
            .or_else(|| env.get("AWS_PROFILE").ok())
            .or_else(|| env.get("AWS_DEFAULT_PROFILE").ok());
        let profiles = load_profiles(&env, profile.as_deref()).await?;
        if let Some(name) = &profile {
            if profiles.get_profile(name).is_none() {
                return Err(Error::ProfileNotFound(name.clone()));
            }
        }

        let output = match global.output {
            Some(output) => output,
            None => {
                let configured = env
                    .get("AWS_DEFAULT_OUTPUT")
                    .ok()
                    .or_else(|| profiles.get("output").map(str::to_owned));
                match configured {
                    Some(name) => output_format(&name)?,
                    None => OutputFormat::Json,
                }
            }
        };

        Ok(Settings {
            request,
            paginate: !global.no_paginate,
            output,
            query,
            connection: Connection {
                region: first_of(global.region, &env, &["AWS_REGION", "AWS_DEFAULT_REGION"])
                    .or_else(|| profiles.get("region").map(str::to_owned)),
                endpoint_url: first_of(
                    global.endpoint_url,
                    &env,
                    &["AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER", "AWS_ENDPOINT_URL"],
                )
                .or_else(|| profiles.get("endpoint_url").map(str::to_owned)),
                profile,
            },
        })
    }
}

/// The flag if given, else the first of these variables that is set and
/// not empty.
fn first_of(flag: Option<String>, env: &Env, variables: &[&str]) -> Option<String> {
    flag.or_else(|| {
        variables
            .iter()
            .find_map(|name| env.get(name).ok().filter(|value| !value.is_empty()))
    })
}

/// Options that parse but are not built yet fail loudly rather than being
/// ignored.
fn reject_unwired(global: &GlobalArgs, args: &ListArgs) -> Result<(), Error> {
    let unwired = [
        ("--debug", global.debug),
        ("--no-verify-ssl", global.no_verify_ssl),
        ("--color", global.color.is_some()),
        ("--no-sign-request", global.no_sign_request),
        ("--ca-bundle", global.ca_bundle.is_some()),
        ("--cli-read-timeout", global.cli_read_timeout.is_some()),
        ("--cli-connect-timeout", global.cli_connect_timeout.is_some()),
        ("--cli-input-json", args.cli_input_json.is_some()),
        ("--generate-cli-skeleton", args.generate_cli_skeleton.is_some()),
        ("--output text", global.output == Some(OutputFormat::Text)),
        ("--output table", global.output == Some(OutputFormat::Table)),
    ];
    match unwired.iter().find(|(_, given)| *given) {
        Some((option, _)) => Err(Error::Other(format!("{option} is not supported yet"))),
        None => Ok(()),
    }
}

fn request_from(args: ListArgs) -> Result<Request, Error> {
    let missing: Vec<&str> = [
        ("--user-pool-id", args.user_pool_id.is_none()),
        ("--max-results", args.max_results.is_none()),
    ]
    .into_iter()
    .filter_map(|(name, absent)| absent.then_some(name))
    .collect();
    let (Some(user_pool_id), Some(max_results)) = (args.user_pool_id, args.max_results) else {
        return Err(Error::Usage(format!(
            "the following arguments are required: {}",
            missing.join(", ")
        )));
    };
    let max_results = parse_int("--max-results", &max_results)?;
    let mut problems = Vec::new();
    if user_pool_id.is_empty() {
        problems.push("Invalid length for parameter UserPoolId, value: 0, valid min length: 1".to_owned());
    }
    if max_results < 1 {
        problems.push(format!(
            "Invalid value for parameter MaxResults, value: {max_results}, valid min value: 1"
        ));
    }
    if let Some(token) = &args.pagination_token {
        if token.is_empty() {
            problems.push(
                "Invalid length for parameter PaginationToken, value: 0, valid min length: 1".to_owned(),
            );
        }
    }
    if !problems.is_empty() {
        return Err(Error::Validation(problems));
    }
    Ok(Request {
        user_pool_id,
        max_results,
        pagination_token: args.pagination_token,
    })
}

/// Python's `int()` is what aws applies: surrounding whitespace, a sign and
/// `_` between digits are accepted.
fn parse_int(option: &str, text: &str) -> Result<i32, Error> {
    let invalid = || {
        Error::InvalidValue(format!(
            "Error parsing parameter '{option}': invalid literal for int() with base 10: '{text}'"
        ))
    };
    let trimmed = text.trim();
    let digits = trimmed.strip_prefix('+').unwrap_or(trimmed);
    let (negative, magnitude) = match digits.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, digits),
    };
    let well_formed = !magnitude.is_empty()
        && !magnitude.starts_with('_')
        && !magnitude.ends_with('_')
        && !magnitude.contains("__")
        && magnitude.chars().all(|c| c.is_ascii_digit() || c == '_');
    if !well_formed || digits.starts_with("+-") {
        return Err(invalid());
    }
    let clean: String = magnitude.chars().filter(|c| *c != '_').collect();
    let value: i64 = match clean.parse::<i64>() {
        Ok(value) if negative => -value,
        Ok(value) => value,
        Err(_) => i64::MAX,
    };
    i32::try_from(value).map_err(|_| {
        Error::InvalidValue(format!(
            "Error parsing parameter '{option}': {text} is out of range for a 32-bit integer"
        ))
    })
}

fn output_format(name: &str) -> Result<OutputFormat, Error> {
    match name {
        "json" => Ok(OutputFormat::Json),
        "text" => Ok(OutputFormat::Text),
        "table" => Ok(OutputFormat::Table),
        other => Err(Error::Usage(format!(
            "argument --output: Invalid choice '{other}', valid choices are: json, text, table"
        ))),
    }
}

/// Reads `~/.aws/config` and `~/.aws/credentials` (or the files the
/// environment names) with aws-config's own parser.
async fn load_profiles(env: &Env, profile: Option<&str>) -> Result<ProfileSet, Error> {
    let selected = profile.map(|name| Cow::Owned(name.to_owned()));
    aws_config::profile::load(&Fs::real(), env, &EnvConfigFiles::default(), selected)
        .await
        .map_err(|err| Error::Other(format!("Unable to read the AWS config files: {err}")))
}

#[cfg(test)]
mod tests {
    use super::parse_int;

    #[test]
    fn integers_parse_as_python_int_does() {
        for (text, want) in [("5", 5), (" 7 ", 7), ("+3", 3), ("-2", -2), ("1_0", 10)] {
            assert_eq!(parse_int("--max-results", text).ok(), Some(want), "{text:?}");
        }
        for text in ["abc", "", "1.5", "_1", "1__0", "+-1", "0x10", "99999999999"] {
            assert!(parse_int("--max-results", text).is_err(), "{text:?}");
        }
    }
}

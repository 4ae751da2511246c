//! Turns parsed arguments, the environment and the selected profile into one
//! plain `Settings`. clap's types stop here; nothing after this stage sees
//! them.

use std::borrow::Cow;
use std::path::PathBuf;
use std::time::Duration;

use aws_config::profile::ProfileSet;
use aws_runtime::env_config::file::EnvConfigFiles;
use aws_types::os_shim_internal::{Env, Fs};

use std::io::IsTerminal;

use crate::cli::{ColorChoice, GlobalArgs, ListArgs, OutputFormat};
use crate::error::Error;
use crate::input;
use crate::query::Query;
use crate::render::table::TableStyle;

/// aws v1 makes five attempts in all before giving up.
const DEFAULT_MAX_ATTEMPTS: u32 = 5;
/// aws v1's socket timeouts when none are given.
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);

/// Everything one run needs, decided before any request is sent.
pub struct Settings {
    pub request: Request,
    /// Follow `PaginationToken` to the last page (the default), or print
    /// exactly one page as the service returned it.
    pub paginate: bool,
    /// Show the live progress line: stderr is a terminal, and neither
    /// `--debug` (whose log it would garble) nor `--no-progress` was given.
    pub progress: bool,
    pub output: OutputFormat,
    pub query: Option<Query>,
    pub timestamps: TimestampFormat,
    /// Colour and width for `--output table`, decided here so the renderer
    /// never looks at the terminal itself.
    pub table: TableStyle,
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
#[derive(Debug)]
pub struct Connection {
    /// The profile to read; `explicit` when it came from `--profile`, which
    /// (as in aws) then outranks credentials in the environment.
    pub profile: Option<String>,
    pub explicit_profile: bool,
    pub region: Option<String>,
    pub endpoint_url: Option<String>,
    /// `false` under `--no-sign-request`: no credentials are looked up.
    pub sign: bool,
    pub retry: Retry,
    /// `None` waits forever (a timeout of 0, as in aws).
    pub connect_timeout: Option<Duration>,
    pub read_timeout: Option<Duration>,
    /// Which TLS certificates to trust.
    pub trust: Trust,
}

/// How the server's TLS certificate is checked, as aws v1 decides it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Trust {
    /// The system's trusted certificates: the SDK's default client.
    System,
    /// Only the certificates in this PEM bundle, as with aws (urllib3 loads
    /// the bundle instead of the system's certificates, not beside them).
    Bundle(PathBuf),
    /// `--no-verify-ssl`: any certificate is accepted.
    Insecure,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Retry {
    pub adaptive: bool,
    /// Attempts in all, the first included.
    pub max_attempts: u32,
}

/// How timestamps are shown: the profile's `cli_timestamp_format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimestampFormat {
    /// Epoch seconds exactly as the service sent them (`wire` or `none`).
    Wire,
    /// ISO 8601 in the local time zone.
    Iso8601,
}

impl Settings {
    pub async fn resolve(global: GlobalArgs, args: ListArgs) -> Result<Settings, Error> {
        // A bad --query must fail before anything else is touched.
        let query = global
            .query
            .as_deref()
            .map(|expression| {
                Query::compile(expression).map_err(|reason| {
                    Error::Other(format!("Bad value for --query {expression}: {reason}"))
                })
            })
            .transpose()?;
        let request = input::request(input::Given {
            user_pool_id: args.user_pool_id,
            max_results: args.max_results,
            pagination_token: args.pagination_token,
            cli_input_json: args.cli_input_json,
        })?;

        let env = Env::real();
        let profile = Sources::new(&env, None).get(
            "profile",
            ("--profile", global.profile.clone()),
            &["AWS_PROFILE", "AWS_DEFAULT_PROFILE"],
            None,
        );
        let profiles = load_profiles(&env, profile.as_deref()).await?;
        let sources = Sources::new(&env, Some(&profiles));
        if let Some(name) = &profile
            && profiles.get_profile(name).is_none()
        {
            return Err(Error::ProfileNotFound(name.clone()));
        }

        let output = match global.output {
            Some(output) => output,
            None => {
                let configured = sources.get(
                    "output",
                    ("", None),
                    &["AWS_DEFAULT_OUTPUT"],
                    Some("output"),
                );
                match configured {
                    Some(name) => output_format(&name)?,
                    None => OutputFormat::Json,
                }
            }
        };

        let from_flag = global.endpoint_url.is_some();
        let endpoint_url = sources
            .get(
                "endpoint_url",
                ("--endpoint-url", global.endpoint_url),
                &[
                    "AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER",
                    "AWS_ENDPOINT_URL",
                ],
                Some("endpoint_url"),
            )
            .map(|url| checked_endpoint(url, from_flag))
            .transpose()?;

        Ok(Settings {
            request,
            paginate: !global.no_paginate,
            progress: !global.no_progress && !global.debug && std::io::stderr().is_terminal(),
            output,
            query,
            timestamps: timestamp_format(
                sources
                    .get(
                        "cli_timestamp_format",
                        ("", None),
                        &[],
                        Some("cli_timestamp_format"),
                    )
                    .as_deref(),
            )?,
            table: table_style(global.color),
            connection: Connection {
                region: sources.get(
                    "region",
                    ("--region", global.region),
                    &["AWS_REGION", "AWS_DEFAULT_REGION"],
                    Some("region"),
                ),
                endpoint_url,
                explicit_profile: global.profile.is_some(),
                profile,
                sign: !global.no_sign_request,
                retry: retry(&sources)?,
                connect_timeout: timeout(
                    "--cli-connect-timeout",
                    global.cli_connect_timeout.as_deref(),
                )?,
                read_timeout: timeout("--cli-read-timeout", global.cli_read_timeout.as_deref())?,
                trust: trust(global.no_verify_ssl, global.ca_bundle, &sources, &env),
            },
        })
    }
}

/// An endpoint must be an absolute http or https URL with a host; the
/// messages are aws's.
fn checked_endpoint(url: String, from_flag: bool) -> Result<String, Error> {
    let Some((scheme, _)) = url.split_once("://") else {
        return Err(if from_flag {
            Error::Other(format!(
                "Bad value for --endpoint-url \"{url}\": scheme is missing.  Must be of the form http://<hostname>/ or https://<hostname>/"
            ))
        } else {
            Error::Other(format!("Invalid endpoint: {url}"))
        });
    };
    if !scheme.eq_ignore_ascii_case("http") && !scheme.eq_ignore_ascii_case("https") {
        return Err(Error::Other(format!(
            "An HTTP Client raised an unhandled exception: Not supported URL scheme {scheme}"
        )));
    }
    match url.parse::<http::Uri>() {
        Ok(uri) if uri.host().is_some_and(|host| !host.is_empty()) => Ok(url),
        _ => Err(Error::Other(format!("Invalid endpoint: {url}"))),
    }
}

/// aws v1's order: `--no-verify-ssl`, `--ca-bundle`, `AWS_CA_BUNDLE`, the
/// profile's `ca_bundle`, then `REQUESTS_CA_BUNDLE` (read by the requests
/// layer under botocore). aws expands `~` in each.
///
/// aws turns verification off when AWS_CA_BUNDLE (or `ca_bundle`) is set
/// but empty, because botocore passes `verify=""` on to urllib3. That is a
/// silent downgrade nobody asks for on purpose, so an empty value here
/// counts as unset and the next source applies.
fn trust(no_verify: bool, flag: Option<PathBuf>, sources: &Sources, env: &Env) -> Trust {
    if no_verify {
        tracing::debug!("certificate verification is off (--no-verify-ssl)");
        return Trust::Insecure;
    }
    let named = match flag.filter(|path| !path.as_os_str().is_empty()) {
        Some(path) => {
            tracing::debug!("ca_bundle = {path:?} from --ca-bundle");
            Some(path)
        }
        None => sources
            .get(
                "ca_bundle",
                ("", None),
                &["AWS_CA_BUNDLE"],
                Some("ca_bundle"),
            )
            .filter(|value| !value.is_empty())
            .or_else(|| sources.get("ca_bundle", ("", None), &["REQUESTS_CA_BUNDLE"], None))
            .map(PathBuf::from),
    };
    match named {
        Some(path) => Trust::Bundle(expand_home(path, env)),
        None => Trust::System,
    }
}

/// `~` and `~/...` as Python's `os.path.expanduser` reads them.
fn expand_home(path: PathBuf, env: &Env) -> PathBuf {
    let Ok(home) = env.get("HOME") else {
        return path;
    };
    match path.strip_prefix("~") {
        Ok(rest) => PathBuf::from(home).join(rest),
        Err(_) => path,
    }
}

/// aws v1's socket timeouts: whole seconds, 60 by default, 0 for none.
fn timeout(option: &str, value: Option<&str>) -> Result<Option<Duration>, Error> {
    let Some(text) = value else {
        return Ok(Some(DEFAULT_TIMEOUT));
    };
    match input::parse_int(option, text)? {
        0 => Ok(None),
        seconds if seconds > 0 => Ok(Some(Duration::from_secs(seconds.unsigned_abs()))),
        _ => Err(Error::InvalidValue(format!(
            "Error parsing parameter '{option}': the timeout must be 0 or a positive number of seconds, not {text}"
        ))),
    }
}

/// `max_attempts` and `retry_mode` from the environment, then the profile.
/// aws v1's default (its `legacy` mode) makes 5 attempts in all; `legacy`
/// is served by the SDK's standard mode with the same count.
fn retry(sources: &Sources) -> Result<Retry, Error> {
    let setting = |variable: &str, key: &str| sources.get(key, ("", None), &[variable], Some(key));
    let adaptive = match setting("AWS_RETRY_MODE", "retry_mode").as_deref() {
        None | Some("legacy") | Some("standard") => false,
        Some("adaptive") => true,
        Some(other) => {
            return Err(Error::Other(format!(
                "Invalid value provided to retry_mode: {other}. Valid values are: \"legacy\", \"standard\", \"adaptive\""
            )));
        }
    };
    let max_attempts = match setting("AWS_MAX_ATTEMPTS", "max_attempts") {
        None => DEFAULT_MAX_ATTEMPTS,
        Some(text) => match text.trim().parse::<u32>() {
            Ok(n) if n >= 1 => n,
            _ => {
                return Err(Error::Other(format!(
                    "Value provided to \"max_attempts\": {text} must be an integer greater than or equal to 1."
                )));
            }
        },
    };
    Ok(Retry {
        adaptive,
        max_attempts,
    })
}

fn timestamp_format(configured: Option<&str>) -> Result<TimestampFormat, Error> {
    match configured {
        None | Some("wire") | Some("none") => Ok(TimestampFormat::Wire),
        Some("iso8601") => Ok(TimestampFormat::Iso8601),
        Some(other) => Err(Error::Other(format!(
            "Unknown cli_timestamp_format value: {other}, valid values are \"none\", \"wire\" or \"iso8601\""
        ))),
    }
}

/// aws colours tables by default only on a terminal, and measures the
/// terminal on stdout, taking 80 columns when it cannot.
fn table_style(color: Option<ColorChoice>) -> TableStyle {
    let stdout = std::io::stdout();
    let color = match color.unwrap_or(ColorChoice::Auto) {
        ColorChoice::On => true,
        ColorChoice::Off => false,
        ColorChoice::Auto => stdout.is_terminal(),
    };
    let width =
        terminal_size::terminal_size_of(&stdout).map_or(80, |(width, _)| usize::from(width.0));
    TableStyle { color, width }
}

/// Looks settings up in aws's order (flag, environment, profile) and tells
/// `--debug` where each one came from.
struct Sources<'a> {
    env: &'a Env,
    profiles: Option<&'a ProfileSet>,
}

impl<'a> Sources<'a> {
    fn new(env: &'a Env, profiles: Option<&'a ProfileSet>) -> Sources<'a> {
        Sources { env, profiles }
    }

    /// The flag if given, else the first of `variables` that is set and not
    /// empty, else the selected profile's `key`.
    fn get(
        &self,
        setting: &str,
        (flag_name, flag): (&str, Option<String>),
        variables: &[&str],
        key: Option<&str>,
    ) -> Option<String> {
        let found = flag.map(|value| (value, flag_name.to_owned())).or_else(|| {
            variables.iter().find_map(|name| {
                let value = self.env.get(name).ok().filter(|value| !value.is_empty())?;
                Some((value, format!("environment variable {name}")))
            })
        });
        let found = found.or_else(|| {
            let (profiles, key) = (self.profiles?, key?);
            let value = profiles.get(key)?.to_owned();
            Some((
                value,
                format!("profile {} ({key})", profiles.selected_profile()),
            ))
        });
        match &found {
            Some((value, source)) => tracing::debug!("{setting} = {value:?} from {source}"),
            None => tracing::debug!("{setting} is not set"),
        }
        found.map(|(value, _)| value)
    }
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

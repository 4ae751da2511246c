//! Turns parsed arguments, the environment and the selected profile into one
//! plain `Settings`. clap's types stop here; nothing after this stage sees
//! them.

use std::borrow::Cow;

use aws_config::profile::ProfileSet;
use aws_runtime::env_config::file::EnvConfigFiles;
use aws_types::os_shim_internal::{Env, Fs};

use std::io::IsTerminal;

use crate::cli::{ColorChoice, GlobalArgs, ListArgs, OutputFormat};
use crate::error::Error;
use crate::input;
use crate::query::Query;
use crate::render::table::TableStyle;

/// Everything one run needs, decided before any request is sent.
pub struct Settings {
    pub request: Request,
    /// Follow `PaginationToken` to the last page (the default), or print
    /// exactly one page as the service returned it.
    pub paginate: bool,
    pub output: OutputFormat,
    pub query: Option<Query>,
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
#[derive(Debug, Default)]
pub struct Connection {
    pub profile: Option<String>,
    pub region: Option<String>,
    pub endpoint_url: Option<String>,
}

impl Settings {
    pub async fn resolve(global: GlobalArgs, args: ListArgs) -> Result<Settings, Error> {
        reject_unwired(&global)?;
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
            table: table_style(global.color),
            connection: Connection {
                region: first_of(global.region, &env, &["AWS_REGION", "AWS_DEFAULT_REGION"])
                    .or_else(|| profiles.get("region").map(str::to_owned)),
                endpoint_url: first_of(
                    global.endpoint_url,
                    &env,
                    &[
                        "AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER",
                        "AWS_ENDPOINT_URL",
                    ],
                )
                .or_else(|| profiles.get("endpoint_url").map(str::to_owned)),
                profile,
            },
        })
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
fn reject_unwired(global: &GlobalArgs) -> Result<(), Error> {
    let unwired = [
        ("--debug", global.debug),
        ("--no-verify-ssl", global.no_verify_ssl),
        ("--no-sign-request", global.no_sign_request),
        ("--ca-bundle", global.ca_bundle.is_some()),
        ("--cli-read-timeout", global.cli_read_timeout.is_some()),
        (
            "--cli-connect-timeout",
            global.cli_connect_timeout.is_some(),
        ),
    ];
    match unwired.iter().find(|(_, given)| *given) {
        Some((option, _)) => Err(Error::Other(format!("{option} is not supported yet"))),
        None => Ok(()),
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

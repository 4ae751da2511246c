//! cogimport: `aws cognito-idp list-user-import-jobs`, fast.
//!
//! Data flows one way: arguments ([`cli`]) → [`settings`] → request
//! ([`client`]) → pages ([`fetch`], [`model`]) → one result document →
//! [`query`] → [`render`] → stdout.

#![forbid(unsafe_code)]

pub mod cli;
pub mod client;
pub mod error;
pub mod fetch;
pub mod input;
pub mod model;
pub mod pyfmt;
pub mod query;
pub mod render;
pub mod settings;
pub mod skeleton;

use std::ffi::OsString;
use std::io::Write;

use clap::error::ErrorKind;

use crate::cli::{Command, Skeleton};
use crate::client::Service;
use crate::error::Error;
use crate::settings::Settings;

/// Runs one invocation, writing the result to `out`. Nothing reaches `out`
/// unless every page was fetched.
pub async fn run(args: Vec<OsString>, out: &mut impl Write) -> Result<(), Error> {
    let cli = match cli::parse(args) {
        Ok(cli) => cli,
        Err(err) => return clap_outcome(err, out),
    };
    // Special modes answer before any config file, credential or socket.
    if cli.global.version {
        return write_out(out, version().as_bytes());
    }
    let Some(Command::ListUserImportJobs(args)) = cli.command else {
        return Err(Error::Usage(
            "the following arguments are required: command".into(),
        ));
    };

    if args.generate_cli_skeleton == Some(Skeleton::Input) {
        return write_out(out, skeleton::input().as_bytes());
    }
    let sample_output = args.generate_cli_skeleton == Some(Skeleton::Output);

    let settings = Settings::resolve(cli.global, args).await?;
    let document = if sample_output {
        // aws builds (and so needs a region for) a client, but sends nothing.
        settings.connection.region.as_ref().ok_or(Error::NoRegion)?;
        skeleton::sample_output(settings.output)
    } else {
        let service = Service::connect(&settings.connection).await?;
        fetch::fetch(&service, &settings.request, settings.paginate).await?
    };
    let document = match &settings.query {
        Some(query) => query.apply(&document).map_err(Error::Other)?,
        None => document,
    };
    let mut rendered = Vec::new();
    render::render(settings.output, &document, &settings.table, &mut rendered)
        .map_err(render_failure)?;
    write_out(out, &rendered)
}

pub fn version() -> String {
    format!(
        "cogimport/{} {}/{} aws-sdk-cognitoidentityprovider/{}\n",
        env!("CARGO_PKG_VERSION"),
        std::env::consts::OS,
        std::env::consts::ARCH,
        aws_sdk_cognitoidentityprovider::meta::PKG_VERSION
    )
}

/// The renderers fail only on data aws's own formatter cannot lay out; aws
/// then prints Python's reason, and so do we.
fn render_failure(err: std::io::Error) -> Error {
    match err.kind() {
        std::io::ErrorKind::InvalidData => Error::Other(err.to_string()),
        _ => Error::Output(err),
    }
}

fn write_out(out: &mut impl Write, bytes: &[u8]) -> Result<(), Error> {
    out.write_all(bytes)
        .and_then(|()| out.flush())
        .map_err(Error::Output)
}

/// Help and usage output come from clap; aws's exit statuses apply.
fn clap_outcome(err: clap::Error, out: &mut impl Write) -> Result<(), Error> {
    match err.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            write_out(out, err.render().to_string().as_bytes())
        }
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => Err(Error::Usage(
            "the following arguments are required: command".into(),
        )),
        ErrorKind::UnknownArgument => {
            let option = err
                .get(clap::error::ContextKind::InvalidArg)
                .map(|arg| arg.to_string())
                .unwrap_or_default();
            let option = option.split('=').next().unwrap_or_default().to_owned();
            Err(Error::UnknownOptions(option))
        }
        _ => Err(Error::Usage(usage_reason(&err))),
    }
}

/// clap's message without its own `error:` prefix and usage block, which
/// [`Error::Usage`] supplies in aws's shape.
fn usage_reason(err: &clap::Error) -> String {
    let rendered = err.render().to_string();
    let first = rendered.lines().next().unwrap_or_default();
    first.strip_prefix("error: ").unwrap_or(first).to_owned()
}

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
pub mod generate;
pub mod help;
pub mod input;
pub mod model;
pub mod progress;
pub mod pyfmt;
pub mod query;
pub mod render;
pub mod settings;
pub mod skeleton;
pub mod tls;

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
    // The completion scripts' call for `--profile` values. It is not a clap
    // subcommand, so it stays out of the help and of the scripts themselves.
    if args.len() == 2 && args[1] == generate::COMPLETE_PROFILES {
        return write_out(out, generate::profile_names().await.as_bytes());
    }
    let cli = match cli::parse(args) {
        Ok(cli) => cli,
        Err(err) => return clap_outcome(err, out),
    };
    // Special modes answer before any config file, credential or socket.
    if cli.global.version {
        return write_out(out, version().as_bytes());
    }
    if cli.global.debug {
        start_debug_log();
    }
    let args = match cli.command {
        Some(Command::ListUserImportJobs(args)) => args,
        Some(Command::Completion { shell }) => {
            return write_out(out, &generate::completion(shell));
        }
        Some(Command::Man) => return write_out(out, &generate::man().map_err(Error::Output)?),
        None => {
            return Err(Error::Usage(
                "the following arguments are required: command".into(),
            ));
        }
    };
    // aws reads the first stray word as its `help` positional: `help`
    // shows the help, anything else is an unknown option.
    match args.help_word.as_deref() {
        Some("help") => {
            return write_out(
                out,
                generate::list_help().map_err(Error::Output)?.as_bytes(),
            );
        }
        Some(word) => return Err(Error::UnknownOptions(word.to_owned())),
        None => {}
    }

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
        let mut progress = progress::Progress::new(settings.progress);
        let document = fetch::fetch(
            &service,
            &settings.request,
            settings.paginate,
            settings.timestamps,
            &mut |pages, jobs| progress.page(pages, jobs),
        )
        .await?;
        // The line goes before the result is written.
        progress.clear();
        document
    };
    let document = match &settings.query {
        Some(query) => query.apply(&document).map_err(Error::Other)?,
        None => document,
    };
    if settings.output == cli::OutputFormat::Json {
        // JSON cannot fail on the data, only on the write, so it streams
        // straight into `out` instead of through a second full copy of the
        // output (issue 6: peak RSS with 20,000 jobs).
        render::render(settings.output, &document, &settings.table, out).map_err(render_failure)?;
        return out.flush().map_err(Error::Output);
    }
    let mut rendered = Vec::new();
    render::render(settings.output, &document, &settings.table, &mut rendered)
        .map_err(render_failure)?;
    write_out(out, &rendered)
}

/// aws's `aws-cli/1.45.11 Python/3.11.7 Linux/6.18.44 botocore/1.43.11`
/// shape: tool, language runtime, system, service library.
/// `--debug` logs cogimport's own events only. The SDK's tracing is left
/// out on purpose: at its verbose levels it records canonical requests,
/// which carry session tokens. This filter is the one choke point that
/// keeps secrets off stderr.
fn start_debug_log() {
    use tracing_subscriber::filter::Targets;
    use tracing_subscriber::prelude::*;
    let layer = tracing_subscriber::fmt::layer()
        .with_writer(std::io::stderr)
        .with_target(false)
        .with_ansi(false);
    let _ = tracing_subscriber::registry()
        .with(layer)
        .with(Targets::new().with_target("cogimport", tracing::Level::DEBUG))
        .try_init();
    tracing::debug!("{}", version().trim_end());
}

pub fn version() -> String {
    format!(
        "cogimport/{} Rust/{} {} aws-sdk-cognitoidentityprovider/{}\n",
        env!("CARGO_PKG_VERSION"),
        env!("COGIMPORT_RUSTC_VERSION"),
        system(),
        aws_sdk_cognitoidentityprovider::meta::PKG_VERSION
    )
}

/// Python's `platform.system()/platform.release()` where the kernel
/// release can be read cheaply (one small procfs file on Linux), else the
/// system and the CPU architecture.
fn system() -> String {
    let name = match std::env::consts::OS {
        "linux" => "Linux",
        "macos" => "Darwin",
        "windows" => "Windows",
        "freebsd" => "FreeBSD",
        other => other,
    };
    let release = cfg!(target_os = "linux")
        .then(|| std::fs::read_to_string("/proc/sys/kernel/osrelease").ok())
        .flatten()
        .map(|text| text.trim().to_owned())
        .filter(|release| !release.is_empty());
    format!(
        "{name}/{}",
        release.as_deref().unwrap_or(std::env::consts::ARCH)
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
    use clap::error::{ContextKind, ContextValue};
    // A bad choice names the option and every valid choice, as aws does.
    if let (Some(arg), Some(ContextValue::Strings(valid))) = (
        err.get(ContextKind::InvalidArg),
        err.get(ContextKind::ValidValue),
    ) {
        let option = arg.to_string();
        let option = option
            .split_whitespace()
            .next()
            .unwrap_or_default()
            .to_owned();
        let value = err
            .get(ContextKind::InvalidValue)
            .map(|v| v.to_string())
            .unwrap_or_default();
        return format!(
            "argument {option}: Invalid choice '{value}', valid choices are: {}",
            valid.join(", ")
        );
    }
    let rendered = err.render().to_string();
    let mut lines = rendered.lines();
    let first = lines.next().unwrap_or_default();
    let first = first.strip_prefix("error: ").unwrap_or(first);
    // "…were not provided:" names the arguments on the next line.
    match lines.next() {
        Some(next) if first.ends_with(':') => format!("{first} {}", next.trim()),
        _ => first.to_owned(),
    }
}

//! The command line as clap sees it. Nothing here knows about AWS; the
//! settings stage turns these types into what the rest of the program uses.

use std::ffi::OsString;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(
    name = "cogimport",
    about = "List Amazon Cognito user-pool import jobs: a fast drop-in for \
             `aws cognito-idp list-user-import-jobs`",
    disable_version_flag = true,
    subcommand_required = false,
    arg_required_else_help = true
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// aws's global options; accepted before or after the subcommand.
#[derive(Debug, Args)]
pub struct GlobalArgs {
    /// Turn on debug logging on stderr.
    #[arg(long, global = true)]
    pub debug: bool,
    /// Override the service endpoint URL.
    #[arg(long, global = true, value_name = "URL")]
    pub endpoint_url: Option<String>,
    /// Do not verify TLS certificates.
    #[arg(long, global = true)]
    pub no_verify_ssl: bool,
    /// Make one call and print that page as the service returned it.
    #[arg(long, global = true)]
    pub no_paginate: bool,
    /// The formatting style for command output.
    #[arg(long, global = true, value_enum)]
    pub output: Option<OutputFormat>,
    /// A JMESPath query to apply to the result.
    #[arg(long, global = true, value_name = "JMESPATH")]
    pub query: Option<String>,
    /// Use a specific profile from your credential file.
    #[arg(long, global = true)]
    pub profile: Option<String>,
    /// The region to use.
    #[arg(long, global = true)]
    pub region: Option<String>,
    /// Display the version of this tool.
    #[arg(long, global = true)]
    pub version: bool,
    /// Turn on/off color output.
    #[arg(long, global = true, value_enum)]
    pub color: Option<ColorChoice>,
    /// Do not sign requests; credentials are not loaded.
    #[arg(long, global = true)]
    pub no_sign_request: bool,
    /// The CA certificate bundle to use when verifying TLS certificates.
    #[arg(long, global = true, value_name = "PATH")]
    pub ca_bundle: Option<PathBuf>,
    /// The maximum socket read time in seconds (0 blocks forever).
    #[arg(long, global = true, value_name = "SECONDS")]
    pub cli_read_timeout: Option<String>,
    /// The maximum socket connect time in seconds (0 blocks forever).
    #[arg(long, global = true, value_name = "SECONDS")]
    pub cli_connect_timeout: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// List the user import jobs of a user pool.
    ListUserImportJobs(ListArgs),
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// The ID of the user pool that the users are being imported into.
    #[arg(long, value_name = "STRING")]
    pub user_pool_id: Option<String>,
    /// The maximum number of import jobs returned in each response (1-60).
    #[arg(long, value_name = "INTEGER", allow_hyphen_values = true)]
    pub max_results: Option<String>,
    /// The token of the page to start from.
    #[arg(long, value_name = "STRING", allow_hyphen_values = true)]
    pub pagination_token: Option<String>,
    /// Read arguments from a JSON string, file://path or fileb://path.
    #[arg(long, value_name = "JSON")]
    pub cli_input_json: Option<String>,
    /// Print a skeleton (input: the request, output: a sample response) and send nothing.
    #[arg(
        long,
        value_enum,
        num_args = 0..=1,
        default_missing_value = "input",
        value_name = "input|output"
    )]
    pub generate_cli_skeleton: Option<Skeleton>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    Json,
    Text,
    Table,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    On,
    Off,
    Auto,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Skeleton {
    Input,
    Output,
}

pub fn parse<I, T>(args: I) -> Result<Cli, clap::Error>
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    Cli::try_parse_from(args)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_ok(args: &[&str]) -> Cli {
        match parse(args) {
            Ok(cli) => cli,
            Err(err) => panic!("{args:?} should parse: {err}"),
        }
    }

    #[test]
    fn global_options_go_before_or_after_the_subcommand() {
        let before = parse_ok(&["cogimport", "--region", "r", "list-user-import-jobs"]);
        let after = parse_ok(&["cogimport", "list-user-import-jobs", "--region", "r"]);
        assert_eq!(before.global.region.as_deref(), Some("r"));
        assert_eq!(after.global.region.as_deref(), Some("r"));
    }

    #[test]
    fn output_and_color_take_only_their_choices() {
        let cli = parse_ok(&["cogimport", "list-user-import-jobs", "--output", "table"]);
        assert_eq!(cli.global.output, Some(OutputFormat::Table));
        assert!(parse(["cogimport", "list-user-import-jobs", "--output", "yaml"]).is_err());
        assert!(parse(["cogimport", "list-user-import-jobs", "--color", "maybe"]).is_err());
    }

    #[test]
    fn skeleton_defaults_to_input() {
        let cli = parse_ok(&[
            "cogimport",
            "list-user-import-jobs",
            "--generate-cli-skeleton",
        ]);
        let Some(Command::ListUserImportJobs(args)) = cli.command else {
            panic!("subcommand expected");
        };
        assert_eq!(args.generate_cli_skeleton, Some(Skeleton::Input));
    }
}

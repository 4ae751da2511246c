//! The command line as clap sees it. Nothing here knows about AWS; the
//! settings stage turns these types into what the rest of the program uses.
//!
//! Doc comments are the help text: the first paragraph is what `-h` shows,
//! the whole comment is what `--help` and the man page show. Environment
//! variables are named in the text rather than through clap's `env`
//! attribute, because settings.rs resolves them (with aws's precedence and
//! error wording) and clap reading them too would change both.

use std::ffi::OsString;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};
pub use clap_complete::Shell;

use crate::help;

#[derive(Debug, Parser)]
#[command(
    name = "cogimport",
    about = "List Amazon Cognito user-pool import jobs: a fast drop-in for \
             `aws cognito-idp list-user-import-jobs`",
    long_about = help::ABOUT,
    after_help = help::AFTER_SHORT,
    after_long_help = help::AFTER_LONG,
    disable_version_flag = true,
    subcommand_required = false,
    arg_required_else_help = true,
    // argparse lets a repeated option take its last value; so must we.
    args_override_self = true
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// aws's global options; accepted before or after the subcommand.
#[derive(Debug, Args)]
#[command(next_help_heading = "Global Options")]
pub struct GlobalArgs {
    /// Turn on debug logging on stderr.
    ///
    /// Logs each step and each HTTP request and response to standard error,
    /// with credentials redacted. Also turns off the progress display.
    #[arg(long, global = true)]
    pub debug: bool,
    /// Override the service endpoint URL.
    ///
    /// Sends requests to this URL instead of the region's Cognito user-pools
    /// endpoint, for example a local test server.
    ///
    /// Environment: AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER, then
    /// AWS_ENDPOINT_URL. Profile setting: endpoint_url.
    /// Default: the standard endpoint of the region.
    #[arg(long, global = true, value_name = "URL")]
    pub endpoint_url: Option<String>,
    /// Do not verify TLS certificates.
    ///
    /// The connection is still encrypted, but the server's certificate is
    /// not checked, and a warning says so on standard error. Default:
    /// certificates are verified.
    #[arg(long, global = true)]
    pub no_verify_ssl: bool,
    /// Make one call and print that page as the service returned it.
    ///
    /// By default every page is fetched by following PaginationToken and the
    /// jobs are merged into one list. With this flag the single response is
    /// printed as is, including its PaginationToken when more pages remain.
    #[arg(long, global = true)]
    pub no_paginate: bool,
    /// The formatting style for command output.
    ///
    /// Environment: AWS_DEFAULT_OUTPUT. Profile setting: output.
    /// Default: json.
    #[arg(long, global = true, value_enum, value_name = "FORMAT")]
    pub output: Option<OutputFormat>,
    /// A JMESPath query to apply to the result.
    ///
    /// The query runs on the whole merged result, for example
    /// `UserImportJobs[?Status=='Failed'].JobId`. An invalid expression is
    /// reported before any request is sent. Default: none.
    #[arg(long, global = true, value_name = "JMESPATH")]
    pub query: Option<String>,
    /// Use a specific profile from your credential file.
    ///
    /// Profiles come from the config file (AWS_CONFIG_FILE, default
    /// ~/.aws/config, sections `[profile NAME]`) and the credentials file
    /// (AWS_SHARED_CREDENTIALS_FILE, default ~/.aws/credentials, sections
    /// `[NAME]`).
    ///
    /// Environment: AWS_PROFILE, then AWS_DEFAULT_PROFILE. Default: default.
    #[arg(long, global = true, value_name = "STRING")]
    pub profile: Option<String>,
    /// The region to use.
    ///
    /// For example us-east-1. Overrides the region of the profile.
    ///
    /// Environment: AWS_REGION, then AWS_DEFAULT_REGION. Profile setting:
    /// region. Default: none; without one the command fails.
    #[arg(long, global = true, value_name = "STRING")]
    pub region: Option<String>,
    /// Display the version of this tool.
    ///
    /// Prints cogimport's, Rust's, the operating system's and the AWS SDK's
    /// versions on one line, and nothing else.
    #[arg(long, global = true)]
    pub version: bool,
    /// Turn on/off color output.
    ///
    /// Colours apply to `--output table`; `auto` colours only when standard
    /// output is a terminal. Default: auto.
    #[arg(long, global = true, value_enum, value_name = "WHEN")]
    pub color: Option<ColorChoice>,
    /// Do not sign requests; credentials are not loaded.
    ///
    /// Default: requests are signed with the credentials of the profile or
    /// the environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY,
    /// AWS_SESSION_TOKEN).
    #[arg(long, global = true)]
    pub no_sign_request: bool,
    /// The CA certificate bundle to use when verifying TLS certificates.
    ///
    /// A PEM file; it replaces the system's trusted certificates.
    ///
    /// Environment: AWS_CA_BUNDLE. Profile setting: ca_bundle. Then
    /// REQUESTS_CA_BUNDLE, as aws reads it. Default: the system's trusted
    /// certificates.
    #[arg(long, global = true, value_name = "PATH")]
    pub ca_bundle: Option<PathBuf>,
    /// The maximum socket read time in seconds (0 blocks forever).
    ///
    /// An integer number of seconds to wait for data on an open connection.
    /// Default: 60.
    #[arg(long, global = true, value_name = "SECONDS")]
    pub cli_read_timeout: Option<String>,
    /// The maximum socket connect time in seconds (0 blocks forever).
    ///
    /// An integer number of seconds to wait for a connection to open.
    /// Default: 60.
    #[arg(long, global = true, value_name = "SECONDS")]
    pub cli_connect_timeout: Option<String>,
    /// Do not show the progress line on a terminal.
    ///
    /// While following many pages with standard error on a terminal,
    /// cogimport shows pages fetched, jobs so far and the elapsed time on
    /// one line, and erases it before printing the result. It never shows
    /// when standard error is not a terminal or with --debug.
    /// (cogimport only; aws has no such option.)
    #[arg(long, global = true)]
    pub no_progress: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// List the user import jobs of a user pool.
    #[command(
        long_about = help::LIST_ABOUT,
        after_help = help::AFTER_SHORT,
        after_long_help = help::AFTER_LONG,
        args_override_self = true
    )]
    ListUserImportJobs(ListArgs),
    /// Print a shell completion script.
    ///
    /// Completes subcommands, options, the values of --output and --color,
    /// and, for bash, zsh and fish, the profile names of --profile (read
    /// from your AWS config and credentials files at completion time).
    Completion {
        /// The shell to print the script for.
        #[arg(value_enum)]
        shell: Shell,
    },
    /// Print the man page (roff) on standard output.
    ///
    /// For example: cogimport man > ~/.local/share/man/man1/cogimport.1
    Man,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// The ID of the user pool that the users are being imported into.
    ///
    /// Required, here or in --cli-input-json. 1 to 55 characters: a region,
    /// an underscore and letters or digits, such as us-west-2_aaaaaaaaa.
    #[arg(long, value_name = "STRING")]
    pub user_pool_id: Option<String>,
    /// The maximum number of import jobs returned in each response (1-60).
    ///
    /// Required, here or in --cli-input-json, as aws requires it. It sets
    /// the page size only: every page is still fetched unless
    /// --no-paginate is given.
    #[arg(long, value_name = "INTEGER", allow_hyphen_values = true)]
    pub max_results: Option<String>,
    /// The token of the page to start from.
    ///
    /// A PaginationToken printed by an earlier `--no-paginate` run, or
    /// reported by a run that was interrupted. Default: the first page.
    #[arg(long, value_name = "STRING", allow_hyphen_values = true)]
    pub pagination_token: Option<String>,
    /// Read arguments from a JSON string, file://path or fileb://path.
    ///
    /// A JSON object with the keys UserPoolId, MaxResults and
    /// PaginationToken, as printed by --generate-cli-skeleton. Options given
    /// on the command line override its values.
    #[arg(long, value_name = "JSON")]
    pub cli_input_json: Option<String>,
    /// Print a skeleton (input: the request, output: a sample response) and send nothing.
    ///
    /// `input` (the default when no value is given) prints a JSON template
    /// for --cli-input-json; `output` prints a sample response in the chosen
    /// --output format.
    #[arg(
        long,
        value_enum,
        num_args = 0..=1,
        default_missing_value = "input",
        value_name = "input|output"
    )]
    pub generate_cli_skeleton: Option<Skeleton>,
    /// aws's spelling of help: the word `help` after the operation (and not
    /// as an option's value) prints the long help; any other word here is
    /// an unknown option, as in aws.
    #[arg(id = "help_word", value_name = "help", hide = true)]
    pub help_word: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// One JSON document, indented as aws does.
    Json,
    /// Tab-separated lines, one record a line.
    Text,
    /// A boxed table sized to the terminal.
    Table,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// Always colour.
    On,
    /// Never colour.
    Off,
    /// Colour when standard output is a terminal.
    Auto,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Skeleton {
    /// A request template for --cli-input-json.
    Input,
    /// A sample response.
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

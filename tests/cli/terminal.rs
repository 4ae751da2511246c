//! What cogimport says about itself and shows on a terminal: help, version,
//! completion scripts, the man page and the progress line (issue 7).

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use clap::CommandFactory;
use cogimport::cli::Cli;
use tempfile::TempDir;

use crate::support::command::{self, cogimport};
use crate::support::endpoint::{Config, Endpoint, Fault, FaultPlan};

/// Pool and page size that give 100 pages of generated jobs.
const MANY_PAGES: [&str; 4] = ["--user-pool-id", "us-east-1_gen1000", "--max-results", "10"];

fn ok(args: &[&str]) -> String {
    let outcome = cogimport().args(args).run();
    assert_eq!(outcome.status, 0, "{args:?}: {}", outcome.stderr);
    outcome.stdout
}

/// Every `--long` of `cmd` (hidden ones aside) appears in `text`.
fn assert_names_every_option(cmd: &clap::Command, text: &str) {
    let longs: Vec<&str> = cmd
        .get_arguments()
        .filter(|arg| !arg.is_hide_set())
        .filter_map(|arg| arg.get_long())
        .collect();
    assert!(longs.len() > 10, "too few options found: {longs:?}");
    for long in longs {
        assert!(
            text.contains(&format!("--{long}")),
            "--{long} is not in the help"
        );
    }
}

#[test]
fn help_names_every_global_option() {
    let help = ok(&["--help"]);
    assert_names_every_option(&Cli::command(), &help);
    assert!(help.contains("Status values:"));
    assert!(help.contains("AWS_DEFAULT_REGION"));
}

#[test]
fn operation_help_names_every_option_and_explains_the_output() {
    let mut cli = Cli::command();
    cli.build();
    let Some(list) = cli.find_subcommand("list-user-import-jobs") else {
        panic!("no list-user-import-jobs subcommand");
    };
    let help = ok(&["list-user-import-jobs", "--help"]);
    assert_names_every_option(list, &help);
    for word in [
        "UserImportJobs",
        "PaginationToken",
        "InProgress",
        "Expired",
        "AWS_PROFILE",
        "AWS_DEFAULT_OUTPUT",
        "AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER",
        "AWS_CA_BUNDLE",
        "Default: 60",
        "Example:",
    ] {
        assert!(help.contains(word), "{word} is not in the help");
    }
}

#[test]
fn dash_h_is_the_short_form() {
    let short = ok(&["list-user-import-jobs", "-h"]);
    let long = ok(&["list-user-import-jobs", "--help"]);
    assert!(short.len() * 2 < long.len());
    assert!(short.contains("--user-pool-id"));
    assert!(!short.contains("Status values:"));
}

#[test]
fn help_word_after_the_operation_prints_its_help() {
    let word = ok(&["list-user-import-jobs", "help"]);
    assert_eq!(word, ok(&["list-user-import-jobs", "--help"]));
    let after_options = ok(&["list-user-import-jobs", "--region", "eu-west-1", "help"]);
    assert_eq!(after_options, word);
}

#[test]
fn a_pool_named_help_is_a_pool_id_not_a_help_request() {
    let endpoint = Endpoint::start();
    let outcome = cogimport()
        .args(["list-user-import-jobs", "--user-pool-id", "help"])
        .args(["--max-results", "10", "--endpoint-url", &endpoint.url()])
        .run();
    assert!(!outcome.stdout.contains("Usage:"), "{}", outcome.stdout);
    let requests = endpoint.requests();
    assert_eq!(requests.len(), 1);
    let body = requests[0].body.clone().unwrap_or_default();
    assert_eq!(body["UserPoolId"], "help");
}

#[test]
fn a_stray_word_is_an_unknown_option() {
    let outcome = cogimport().args(["list-user-import-jobs", "helpme"]).run();
    assert_eq!(outcome.status, 255);
    assert!(
        outcome.stderr.ends_with("Unknown options: helpme\n"),
        "{}",
        outcome.stderr
    );
}

#[test]
fn version_is_one_line_in_aws_shape() {
    let version = ok(&["--version"]);
    let words: Vec<&str> = version.trim_end().split(' ').collect();
    assert_eq!(version.lines().count(), 1, "{version:?}");
    assert_eq!(words.len(), 4, "{version:?}");
    let prefixes = [
        "cogimport/",
        "Rust/",
        "",
        "aws-sdk-cognitoidentityprovider/",
    ];
    for (word, prefix) in words.iter().zip(prefixes) {
        assert!(word.starts_with(prefix), "{word} in {version:?}");
        let (name, release) = word.split_once('/').unwrap_or_default();
        assert!(
            !name.is_empty() && !release.is_empty(),
            "{word} in {version:?}"
        );
    }
    assert!(words[0].ends_with(env!("CARGO_PKG_VERSION")));
}

#[test]
fn completion_bash_loads_into_bash() {
    let dir = scratch();
    let script = dir.path().join("cogimport.bash");
    std::fs::write(&script, ok(&["completion", "bash"])).unwrap_or_else(|e| panic!("{e}"));
    let source = format!("source {} && complete -p cogimport", quote(&script));
    let out = bash(&source, &[]);
    assert!(out.contains("-F _cogimport_with_profiles"), "{out}");
}

#[test]
fn completion_bash_offers_values_and_profile_names() {
    let dir = scratch();
    let script = dir.path().join("cogimport.bash");
    std::fs::write(&script, ok(&["completion", "bash"])).unwrap_or_else(|e| panic!("{e}"));
    let config = dir.path().join("config");
    let credentials = dir.path().join("credentials");
    std::fs::write(
        &config,
        "[profile dev]\nregion = eu-west-1\n[sso-session s]\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(&credentials, "[prod]\naws_access_key_id = a\n")
        .unwrap_or_else(|e| panic!("{e}"));
    let bin = env!("CARGO_BIN_EXE_cogimport");
    let complete = |words: &str, cword: usize| {
        let line = format!(
            "source {}; COMP_WORDS=({words}); COMP_CWORD={cword}; \
             _cogimport_with_profiles \"${{COMP_WORDS[0]}}\" \"${{COMP_WORDS[COMP_CWORD]}}\" \
             \"${{COMP_WORDS[COMP_CWORD-1]}}\"; echo \"${{COMPREPLY[*]}}\"",
            quote(&script)
        );
        let env = [
            ("AWS_CONFIG_FILE", config.as_path()),
            ("AWS_SHARED_CREDENTIALS_FILE", credentials.as_path()),
        ];
        bash(&line, &env)
    };
    let profiles = complete(&format!("{bin} list-user-import-jobs --profile ''"), 3);
    assert_eq!(profiles.trim_end(), "default dev prod");
    let split = complete(&format!("{bin} list-user-import-jobs --profile = d"), 4);
    assert_eq!(split.trim_end(), "default dev");
    let output = complete("cogimport list-user-import-jobs --output ''", 3);
    assert_eq!(output.trim_end(), "json text table");
}

#[test]
fn complete_profiles_lists_config_and_credentials_profiles() {
    let outcome = cogimport()
        .with_file(".aws/config", "[default]\nregion = x\n[profile dev]\n")
        .with_file(".aws/credentials", "[prod]\naws_access_key_id = a\n")
        .arg("__complete-profiles")
        .run();
    assert_eq!(
        (outcome.status, outcome.stdout.as_str()),
        (0, "default\ndev\nprod\n")
    );
}

#[test]
fn completion_scripts_for_other_shells_name_the_subcommand() {
    for shell in ["zsh", "fish", "powershell", "elvish"] {
        let script = ok(&["completion", shell]);
        assert!(script.contains("list-user-import-jobs"), "{shell}");
        assert!(
            script.contains("--output") || script.contains("output"),
            "{shell}"
        );
    }
    assert!(ok(&["completion", "zsh"]).contains("_cogimport_profiles"));
    assert!(ok(&["completion", "fish"]).contains("__complete-profiles"));
    assert_eq!(cogimport().args(["completion", "tcsh"]).run().status, 2);
}

#[test]
fn man_page_renders_without_warnings_and_holds_the_help() {
    let page = ok(&["man"]);
    let mut groff = Command::new("groff")
        .args(["-man", "-Tutf8", "-ww"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .env("LC_ALL", "C.UTF-8")
        .spawn()
        .unwrap_or_else(|e| panic!("groff is needed (apt-get install groff-base): {e}"));
    if let Some(mut stdin) = groff.stdin.take() {
        use std::io::Write;
        stdin
            .write_all(page.as_bytes())
            .unwrap_or_else(|e| panic!("{e}"));
    }
    let out = groff.wait_with_output().unwrap_or_else(|e| panic!("{e}"));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success() && stderr.is_empty(), "groff: {stderr}");
    // Strip overstrike bold (c\bc) so the rendered words can be searched.
    let rendered = strip_overstrike(&String::from_utf8_lossy(&out.stdout));
    let mut cli = Cli::command();
    cli.build();
    assert_names_every_option(&cli, &rendered);
    if let Some(list) = cli.find_subcommand("list-user-import-jobs") {
        assert_names_every_option(list, &rendered);
    }
    for heading in [
        "SYNOPSIS",
        "OUTPUT",
        "STATUS VALUES",
        "EXAMPLE",
        "EXIT STATUS",
    ] {
        assert!(
            rendered.contains(heading),
            "{heading} is not in the man page"
        );
    }
}

#[cfg(target_os = "linux")]
#[test]
fn progress_shows_on_a_terminal_and_clears_itself() {
    let endpoint = slow_endpoint();
    let (transcript, stdout) = on_terminal(&endpoint, &[]);
    assert!(transcript.contains("jobs so far"), "{transcript:?}");
    assert!(transcript.contains(" pages, "), "{transcript:?}");
    assert!(
        !transcript.contains(" 1 pages, "),
        "the first page is never drawn"
    );
    // The last thing drawn is the erase of the line, not the line.
    let last_line = transcript.rsplit('\r').next().unwrap_or_default();
    assert!(!last_line.contains("jobs so far"), "{transcript:?}");
    assert_eq!(jobs_in(&stdout), 1000);
}

#[cfg(target_os = "linux")]
#[test]
fn no_progress_flag_hides_it_on_a_terminal() {
    let endpoint = slow_endpoint();
    let (transcript, stdout) = on_terminal(&endpoint, &["--no-progress"]);
    assert!(!transcript.contains("jobs so far"), "{transcript:?}");
    assert_eq!(jobs_in(&stdout), 1000);
}

#[test]
fn progress_never_shows_in_a_pipe() {
    let endpoint = slow_endpoint();
    let outcome = cogimport()
        .arg("list-user-import-jobs")
        .args(MANY_PAGES)
        .args(["--endpoint-url", &endpoint.url()])
        .run();
    assert_eq!(outcome.status, 0, "{}", outcome.stderr);
    assert!(
        !outcome.stderr.contains('\r') && !outcome.stderr.contains('\x1b'),
        "{:?}",
        outcome.stderr
    );
    assert_eq!(jobs_in(&outcome.stdout), 1000);
}

/// Pages slow enough (10 ms each, 100 pages) that the line is drawn.
fn slow_endpoint() -> Endpoint {
    Endpoint::with(Config {
        faults: FaultPlan::always(Fault::Delay(Duration::from_millis(10))),
        ..Config::default()
    })
}

/// Runs a many-page listing with stderr on a pseudo-terminal (util-linux
/// `script`) and stdout in a file: returns what the terminal showed and
/// what was printed. The environment is sealed as `support::command` seals
/// it; that builder cannot wrap its program in `script`.
#[cfg(target_os = "linux")]
fn on_terminal(endpoint: &Endpoint, extra: &[&str]) -> (String, String) {
    let dir = scratch();
    let out = dir.path().join("stdout.json");
    let mut line = quote(Path::new(env!("CARGO_BIN_EXE_cogimport")));
    for arg in ["list-user-import-jobs"]
        .iter()
        .chain(&MANY_PAGES)
        .chain(&["--endpoint-url", &endpoint.url()])
        .chain(extra)
    {
        line.push(' ');
        line.push_str(&quote(Path::new(arg)));
    }
    line.push_str(" > ");
    line.push_str(&quote(&out));
    let result = Command::new("script")
        .args(["-q", "-e", "-c", &line, "/dev/null"])
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", dir.path())
        .env("TERM", "xterm")
        .env("LC_ALL", "C.UTF-8")
        .env("AWS_ACCESS_KEY_ID", command::ACCESS_KEY)
        .env("AWS_SECRET_ACCESS_KEY", command::SECRET_KEY)
        .env("AWS_DEFAULT_REGION", command::REGION)
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .env("AWS_CONFIG_FILE", dir.path().join("config"))
        .env(
            "AWS_SHARED_CREDENTIALS_FILE",
            dir.path().join("credentials"),
        )
        .stdin(Stdio::null())
        .output()
        .unwrap_or_else(|e| panic!("util-linux `script` is needed: {e}"));
    let transcript = String::from_utf8_lossy(&result.stdout).into_owned();
    assert!(result.status.success(), "{transcript:?}");
    let stdout = std::fs::read_to_string(&out).unwrap_or_else(|e| panic!("{e}"));
    (transcript, stdout)
}

fn jobs_in(stdout: &str) -> usize {
    let document: serde_json::Value =
        serde_json::from_str(stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {stdout}"));
    document["UserImportJobs"].as_array().map_or(0, Vec::len)
}

fn bash(script: &str, env: &[(&str, &Path)]) -> String {
    let mut bash = Command::new("bash");
    bash.args(["--norc", "--noprofile", "-c", script]);
    for (name, value) in env {
        bash.env(name, value);
    }
    let out = bash
        .output()
        .unwrap_or_else(|e| panic!("bash is needed: {e}"));
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "{script}\n{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    stdout
}

fn scratch() -> TempDir {
    TempDir::new().unwrap_or_else(|e| panic!("cannot make a temporary folder: {e}"))
}

/// Single-quotes for sh.
fn quote(value: &Path) -> String {
    format!("'{}'", value.display().to_string().replace('\'', r"'\''"))
}

fn strip_overstrike(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c == '\u{8}' {
            out.pop();
        } else {
            out.push(c);
        }
    }
    out
}

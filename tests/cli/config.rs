//! Reaching the service as aws does: region, endpoint, profiles and
//! credentials, unsigned requests, timestamps, retries and --debug.

use std::time::{Duration, Instant};

use crate::support::command::{ACCESS_KEY, Cmd, SECRET_KEY, cogimport};
use crate::support::endpoint::{Config, Endpoint};
use crate::support::{assert_same, both, both_with, list};

const POOL: &str = "us-west-2_aaaaaaaaa";
const ARGS: [&str; 4] = ["--user-pool-id", POOL, "--max-results", "20"];

fn regions_seen(endpoint: &Endpoint) -> Vec<String> {
    endpoint
        .requests()
        .iter()
        .filter_map(|r| r.region.clone())
        .collect()
}

#[test]
fn the_region_comes_from_flag_then_environment_then_profile() {
    let endpoint = Endpoint::start();
    let config = "[default]\nregion = eu-west-1\n";
    let run = |extra: &[&str], setup: &dyn Fn(Cmd) -> Cmd| {
        let mut args = ARGS.to_vec();
        args.extend(extra);
        let out = setup(
            cogimport()
                .with_file(".aws/config", config)
                .env_remove("AWS_DEFAULT_REGION"),
        )
        .args([
            "list-user-import-jobs",
            "--endpoint-url",
            endpoint.url().as_str(),
        ])
        .args(&args)
        .run();
        assert_eq!(out.status, 0, "{}", out.stderr);
    };
    run(&[], &|cmd| cmd);
    run(&[], &|cmd| cmd.env("AWS_DEFAULT_REGION", "ap-south-1"));
    run(&[], &|cmd| {
        cmd.env("AWS_DEFAULT_REGION", "ap-south-1")
            .env("AWS_REGION", "ca-central-1")
    });
    run(&["--region", "sa-east-1"], &|cmd| {
        cmd.env("AWS_REGION", "ca-central-1")
    });
    assert_eq!(
        regions_seen(&endpoint),
        ["eu-west-1", "ap-south-1", "ca-central-1", "sa-east-1"]
    );
}

#[test]
fn the_endpoint_comes_from_flag_then_environment_then_profile() {
    let endpoint = Endpoint::start();
    let url = endpoint.url();
    let nowhere = "http://127.0.0.1:9";
    // (case, environment, config file)
    type Case<'a> = (&'a str, Vec<(&'a str, &'a str)>, &'a str);
    let cases: [Case; 4] = [
        (
            "profile",
            vec![],
            &format!("[default]\nendpoint_url = {url}\n"),
        ),
        (
            "AWS_ENDPOINT_URL",
            vec![("AWS_ENDPOINT_URL", url.as_str())],
            &format!("[default]\nendpoint_url = {nowhere}\n"),
        ),
        (
            "service-specific variable",
            vec![
                ("AWS_ENDPOINT_URL", nowhere),
                ("AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER", url.as_str()),
            ],
            "",
        ),
        (
            "flag",
            vec![("AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER", nowhere)],
            "",
        ),
    ];
    for (case, vars, config) in cases {
        let mut cmd = crate::support::command::aws().with_file(".aws/config", config);
        let mut ours = cogimport().with_file(".aws/config", config);
        for (name, value) in &vars {
            cmd = cmd.env(name, value);
            ours = ours.env(name, value);
        }
        let mut args = vec!["list-user-import-jobs"];
        if case == "flag" {
            args.extend(["--endpoint-url", url.as_str()]);
        }
        args.extend(ARGS);
        let theirs = cmd.args(&args).run();
        let ours = ours.args(&args).run();
        assert_eq!(ours.status, 0, "{case}: {}", ours.stderr);
        assert_same(case, &theirs, &ours);
    }
}

#[test]
fn a_malformed_endpoint_is_named_in_the_error() {
    let endpoint = Endpoint::start();
    for bad in ["not a url", "127.0.0.1:9", "ftp://example.com", "http://"] {
        let run = |cmd: Cmd| {
            cmd.args(["list-user-import-jobs", "--endpoint-url", bad])
                .args(ARGS)
                .run()
        };
        let theirs = run(crate::support::command::aws());
        let ours = run(cogimport());
        // aws names the URL, or for an unsupported scheme, the scheme.
        let named = if bad.starts_with("ftp") {
            "scheme ftp"
        } else {
            bad
        };
        assert!(ours.stderr.contains(named), "{}", ours.stderr);
        assert_same(bad, &theirs, &ours);
    }
    assert!(endpoint.requests().is_empty());
}

const PROFILES: &str = "[profile dev]\nregion = us-west-2\n";

fn dev_credentials() -> String {
    format!("[dev]\naws_access_key_id = {ACCESS_KEY}\naws_secret_access_key = {SECRET_KEY}\n")
}

#[test]
fn an_explicit_profile_outranks_keys_in_the_environment() {
    let endpoint = Endpoint::start();
    let mut args = ARGS.to_vec();
    args.extend(["--profile", "dev"]);
    let credentials = dev_credentials();
    let (theirs, ours) = both_with(&endpoint, &args, |cmd| {
        cmd.with_file(".aws/config", PROFILES)
            .with_file(".aws/credentials", &credentials)
            .env("AWS_ACCESS_KEY_ID", "AKIDWRONGWRONGWRONG")
            .env("AWS_SECRET_ACCESS_KEY", "wrong")
    });
    assert_eq!(ours.status, 0, "{}", ours.stderr);
    assert_same("--profile dev", &theirs, &ours);

    // AWS_PROFILE is not explicit: the environment's keys still win.
    let (theirs, ours) = both_with(&endpoint, &ARGS, |cmd| {
        cmd.with_file(".aws/config", PROFILES)
            .with_file(".aws/credentials", &credentials)
            .env("AWS_PROFILE", "dev")
            .env("AWS_SECRET_ACCESS_KEY", "wrong")
    });
    assert_eq!(ours.status, 255);
    assert_same("AWS_PROFILE=dev", &theirs, &ours);
}

#[test]
fn profile_keys_and_alternative_file_locations_work() {
    let endpoint = Endpoint::start();
    let credentials = dev_credentials();
    let (theirs, ours) = both_with(&endpoint, &ARGS, |cmd| {
        let config = cmd.home().join("elsewhere/config");
        let creds = cmd.home().join("elsewhere/creds");
        cmd.with_file("elsewhere/config", PROFILES)
            .with_file("elsewhere/creds", &credentials)
            .env("AWS_CONFIG_FILE", config)
            .env("AWS_SHARED_CREDENTIALS_FILE", creds)
            .env("AWS_PROFILE", "dev")
            .env_remove("AWS_ACCESS_KEY_ID")
            .env_remove("AWS_SECRET_ACCESS_KEY")
    });
    assert_eq!(ours.status, 0, "{}", ours.stderr);
    assert_same("files named by the environment", &theirs, &ours);
}

#[test]
fn credential_process_supplies_keys() {
    let endpoint = Endpoint::start();
    let json = format!(
        r#"{{"Version": 1, "AccessKeyId": "{ACCESS_KEY}", "SecretAccessKey": "{SECRET_KEY}"}}"#
    );
    let (theirs, ours) = both_with(
        &endpoint,
        &[
            "--profile",
            "proc",
            "--user-pool-id",
            POOL,
            "--max-results",
            "20",
        ],
        |cmd| {
            let script = cmd.home().join("creds.sh");
            let config = format!(
                "[profile proc]\ncredential_process = sh {}\n",
                script.display()
            );
            cmd.with_file("creds.sh", &format!("printf '%s' '{json}'\n"))
                .with_file(".aws/config", &config)
                .env_remove("AWS_ACCESS_KEY_ID")
                .env_remove("AWS_SECRET_ACCESS_KEY")
        },
    );
    assert_eq!(ours.status, 0, "{}", ours.stderr);
    assert_same("credential_process", &theirs, &ours);
}

#[test]
fn no_sign_request_sends_no_authorization() {
    let endpoint = Endpoint::with(Config {
        allow_unsigned: true,
        ..Config::default()
    });
    let mut args = ARGS.to_vec();
    args.push("--no-sign-request");
    let (theirs, ours) = both_with(&endpoint, &args, |cmd| {
        cmd.env_remove("AWS_ACCESS_KEY_ID")
            .env_remove("AWS_SECRET_ACCESS_KEY")
    });
    assert_eq!(ours.status, 0, "{}", ours.stderr);
    assert_same("--no-sign-request", &theirs, &ours);
    let requests = endpoint.requests();
    assert_eq!(requests.len(), 2);
    assert!(
        requests
            .iter()
            .all(|r| !r.signed && r.header("authorization").is_none())
    );

    // An endpoint that insists on signatures refuses both alike.
    let strict = Endpoint::start();
    let (theirs, ours) = both(&strict, &args);
    assert!(
        ours.stderr.contains("MissingAuthenticationTokenException"),
        "{}",
        ours.stderr
    );
    assert_same("unsigned, refused", &theirs, &ours);
}

#[test]
fn iso8601_timestamps_follow_the_local_time_zone_like_aws() {
    let endpoint = Endpoint::start();
    for tz in ["UTC", "America/New_York", "Asia/Kolkata"] {
        for format in ["json", "text", "table"] {
            let mut args = ARGS.to_vec();
            args.extend(["--output", format]);
            let (theirs, ours) = both_with(&endpoint, &args, |cmd| {
                cmd.with_file(".aws/config", "[default]\ncli_timestamp_format = iso8601\n")
                    .env("TZ", tz)
            });
            assert_eq!(ours.status, 0, "{}", ours.stderr);
            assert_same(&format!("{tz} {format}"), &theirs, &ours);
        }
    }
    let out = list(&endpoint, &ARGS);
    assert!(
        out.stdout.contains("\"CreationDate\": 1"),
        "wire is the default: {}",
        out.stdout
    );
}

#[test]
fn an_unknown_timestamp_format_is_an_error_like_awss() {
    let endpoint = Endpoint::start();
    let (theirs, ours) = both_with(&endpoint, &ARGS, |cmd| {
        cmd.with_file(".aws/config", "[default]\ncli_timestamp_format = bogus\n")
    });
    assert_eq!(ours.status, 255);
    assert_eq!(
        ours.stderr,
        "\nUnknown cli_timestamp_format value: bogus, valid values are \"none\", \"wire\" or \"iso8601\"\n"
    );
    assert!(
        theirs.stderr.ends_with(&ours.stderr[1..]),
        "{}",
        theirs.stderr
    );
}

#[test]
fn retry_settings_come_from_the_environment_then_the_profile() {
    use crate::support::endpoint::{Fault, FaultPlan};
    let endpoint = Endpoint::with(Config {
        faults: FaultPlan::always(Fault::Status(500)),
        ..Config::default()
    });
    let run = |setup: &dyn Fn(Cmd) -> Cmd| {
        setup(cogimport())
            .args([
                "list-user-import-jobs",
                "--endpoint-url",
                endpoint.url().as_str(),
            ])
            .args(ARGS)
            .run()
    };
    let before = endpoint.requests().len();
    let out = run(&|cmd| cmd.with_file(".aws/config", "[default]\nmax_attempts = 2\n"));
    assert!(
        out.stderr.contains("(reached max retries: 1)"),
        "{}",
        out.stderr
    );
    assert_eq!(
        endpoint.requests().len() - before,
        2,
        "the profile's max_attempts"
    );

    let before = endpoint.requests().len();
    let out = run(&|cmd| {
        cmd.with_file(".aws/config", "[default]\nmax_attempts = 2\n")
            .env("AWS_MAX_ATTEMPTS", "3")
    });
    assert!(
        out.stderr.contains("(reached max retries: 2)"),
        "{}",
        out.stderr
    );
    assert_eq!(
        endpoint.requests().len() - before,
        3,
        "the environment wins"
    );

    let out = run(&|cmd| cmd.env("AWS_RETRY_MODE", "sometimes"));
    assert_eq!(out.status, 255);
    assert!(out.stderr.contains("retry_mode"), "{}", out.stderr);
}

/// With no credentials anywhere and a metadata service that never answers,
/// the credentials error still comes quickly. The "service" is a loopback
/// port that accepts and stays silent, so nothing leaves the machine.
#[test]
fn missing_credentials_are_reported_within_two_seconds() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap_or_else(|e| panic!("{e}"));
    let port = listener.local_addr().map(|a| a.port()).unwrap_or_default();
    let silent = std::thread::spawn(move || {
        let mut held = Vec::new();
        for stream in listener.incoming().take(8) {
            held.push(stream);
        }
    });
    let endpoint = Endpoint::start();
    let started = Instant::now();
    let out = cogimport()
        .env_remove("AWS_ACCESS_KEY_ID")
        .env_remove("AWS_SECRET_ACCESS_KEY")
        .env_remove("AWS_EC2_METADATA_DISABLED")
        .env(
            "AWS_EC2_METADATA_SERVICE_ENDPOINT",
            format!("http://127.0.0.1:{port}"),
        )
        .args([
            "list-user-import-jobs",
            "--endpoint-url",
            endpoint.url().as_str(),
        ])
        .args(ARGS)
        .run();
    let took = started.elapsed();
    assert_eq!(
        out.stderr,
        "Unable to locate credentials. You can configure credentials by running \"aws configure\".\n"
    );
    assert!(took < Duration::from_secs(2), "took {took:?}");
    drop(silent);
}

#[test]
fn debug_logs_sources_attempts_and_tokens_but_never_secrets() {
    let endpoint = Endpoint::with(Config {
        session_token: Some("SESSIONTOKENSESSIONTOKEN".into()),
        ..Config::default()
    });
    let out = cogimport()
        .env("AWS_SESSION_TOKEN", "SESSIONTOKENSESSIONTOKEN")
        .args([
            "list-user-import-jobs",
            "--endpoint-url",
            endpoint.url().as_str(),
        ])
        .args([
            "--user-pool-id",
            "us-east-1_gen100",
            "--max-results",
            "60",
            "--debug",
        ])
        .run();
    assert_eq!(out.status, 0, "{}", out.stderr);
    let log = &out.stderr;
    for expected in [
        "region = \"us-west-2\" from environment variable AWS_DEFAULT_REGION",
        "endpoint_url = ",
        "from --endpoint-url",
        "attempt 1: POST http://127.0.0.1:",
        "attempt 1: HTTP 200 in ",
        "request id 00000000-0000-4000-8000-",
        "page 1: 60 jobs, next token ",
        "page 2: 40 jobs, the last page",
    ] {
        assert!(log.contains(expected), "missing {expected:?} in:\n{log}");
    }
    for secret in [
        SECRET_KEY,
        "SESSIONTOKENSESSIONTOKEN",
        "Signature=",
        "X-Amz-Security-Token",
        "x-amz-security-token",
    ] {
        assert!(!log.contains(secret), "{secret:?} leaked into:\n{log}");
    }
}

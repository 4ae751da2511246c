//! TLS as aws v1 does it, against the local endpoint serving HTTPS with a
//! certificate from a throwaway CA: verification on by default, trust from
//! `--ca-bundle`, `AWS_CA_BUNDLE` or the profile's `ca_bundle` (in that
//! order), and `--no-verify-ssl` with its warning.

use crate::support::command::Cmd;
use crate::support::endpoint::{Config, Endpoint, TestCa};
use crate::support::{assert_same, both_with, list};

const POOL: &str = "us-west-2_aaaaaaaaa";
/// One page: aws prints a single response when --max-results is given,
/// where cogimport would go on to merge the rest.
const ARGS: [&str; 4] = ["--user-pool-id", POOL, "--max-results", "20"];

fn https() -> Endpoint {
    Endpoint::with(Config {
        tls: Some(TestCa::generate()),
        ..Config::default()
    })
}

/// One attempt each: aws retries TLS failures, which would only slow the
/// test down without changing what either prints.
fn once(cmd: Cmd) -> Cmd {
    cmd.env("AWS_MAX_ATTEMPTS", "1")
}

/// Writes `pem` below the command's HOME and returns the file's path.
fn with_bundle(cmd: Cmd, name: &str, pem: &str) -> (Cmd, String) {
    let path = cmd.home().join(name).to_string_lossy().into_owned();
    (cmd.with_file(name, pem), path)
}

fn ca_pem(endpoint: &Endpoint) -> String {
    endpoint.ca_pem().unwrap_or_default().to_owned()
}

#[test]
fn certificates_are_verified_by_default() {
    let endpoint = https();
    let (theirs, ours) = both_with(&endpoint, &ARGS, once);
    let prefix = format!("\nSSL validation failed for {}/ ", endpoint.url());
    assert_eq!((ours.status, theirs.status), (255, 255));
    assert!(theirs.stderr.starts_with(&prefix), "{}", theirs.stderr);
    assert!(ours.stderr.starts_with(&prefix), "{}", ours.stderr);
    assert_eq!(
        ours.stderr,
        format!(
            "{prefix}[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: \
             unable to get local issuer certificate (_ssl.c:1006)\n"
        )
    );
    assert_eq!((ours.stdout.as_str(), theirs.stdout.as_str()), ("", ""));
    assert!(endpoint.requests().is_empty(), "no request got through");
}

#[test]
fn ca_bundle_option_trusts_the_bundle() {
    let endpoint = https();
    let pem = ca_pem(&endpoint);
    let (theirs, ours) = both_with(&endpoint, &ARGS, |cmd| {
        let (cmd, path) = with_bundle(cmd, "ca.pem", &pem);
        cmd.args(["--ca-bundle", path.as_str()])
    });
    assert_eq!(ours.status, 0, "{}", ours.stderr);
    assert_same("--ca-bundle", &theirs, &ours);
}

#[test]
fn aws_ca_bundle_variable_trusts_the_bundle() {
    let endpoint = https();
    let pem = ca_pem(&endpoint);
    let (theirs, ours) = both_with(&endpoint, &ARGS, |cmd| {
        let (cmd, path) = with_bundle(cmd, "ca.pem", &pem);
        cmd.env("AWS_CA_BUNDLE", path)
    });
    assert_eq!(ours.status, 0, "{}", ours.stderr);
    assert_same("AWS_CA_BUNDLE", &theirs, &ours);
}

#[test]
fn profile_ca_bundle_trusts_the_bundle() {
    let endpoint = https();
    let pem = ca_pem(&endpoint);
    let (theirs, ours) = both_with(&endpoint, &ARGS, |cmd| {
        let (cmd, path) = with_bundle(cmd, "ca.pem", &pem);
        cmd.with_file(".aws/config", &format!("[default]\nca_bundle = {path}\n"))
    });
    assert_eq!(ours.status, 0, "{}", ours.stderr);
    assert_same("profile ca_bundle", &theirs, &ours);
}

#[test]
fn no_verify_ssl_accepts_any_certificate_and_warns_once() {
    let endpoint = https();
    let (theirs, ours) = both_with(&endpoint, &ARGS, |cmd| cmd.arg("--no-verify-ssl"));
    assert_eq!((ours.status, theirs.status), (0, 0), "{}", ours.stderr);
    assert_eq!(ours.stdout, theirs.stdout);
    let warning = "InsecureRequestWarning: Unverified HTTPS request is being made to host \
                   '127.0.0.1'. Adding certificate verification is strongly advised. See: \
                   https://urllib3.readthedocs.io/en/latest/advanced-usage.html#tls-warnings";
    assert_eq!(ours.stderr, format!("{warning}\n"));
    // aws prefixes the line with Python's source location and follows it
    // with the `warnings.warn(` call.
    assert_eq!(
        theirs.stderr.matches(warning).count(),
        1,
        "{}",
        theirs.stderr
    );

    // Python shows a given warning once, so aws warns once per host however
    // many requests follow; so does cogimport across pages.
    let before = endpoint.requests().len();
    let paged = list(
        &endpoint,
        &[
            "--user-pool-id",
            POOL,
            "--max-results",
            "1",
            "--no-verify-ssl",
        ],
    );
    assert_eq!(paged.status, 0, "{}", paged.stderr);
    assert!(endpoint.requests().len() - before > 1, "several pages");
    assert_eq!(paged.stderr, format!("{warning}\n"));
}

#[test]
fn ca_bundle_option_outranks_the_variable_and_the_profile() {
    let endpoint = https();
    let good = ca_pem(&endpoint);
    let wrong = TestCa::generate().ca_pem;
    let (theirs, ours) = both_with(&endpoint, &ARGS, |cmd| {
        let (cmd, good) = with_bundle(cmd, "good.pem", &good);
        let (cmd, wrong) = with_bundle(cmd, "wrong.pem", &wrong);
        once(cmd)
            .args(["--ca-bundle", good.as_str()])
            .env("AWS_CA_BUNDLE", &wrong)
            .with_file(".aws/config", &format!("[default]\nca_bundle = {wrong}\n"))
    });
    assert_eq!(ours.status, 0, "{}", ours.stderr);
    assert_same("--ca-bundle over AWS_CA_BUNDLE", &theirs, &ours);
}

#[test]
fn aws_ca_bundle_outranks_the_profile() {
    let endpoint = https();
    let good = ca_pem(&endpoint);
    let wrong = TestCa::generate().ca_pem;
    let (theirs, ours) = both_with(&endpoint, &ARGS, |cmd| {
        let (cmd, good) = with_bundle(cmd, "good.pem", &good);
        let (cmd, wrong) = with_bundle(cmd, "wrong.pem", &wrong);
        once(cmd)
            .env("AWS_CA_BUNDLE", good)
            .with_file(".aws/config", &format!("[default]\nca_bundle = {wrong}\n"))
    });
    assert_eq!(ours.status, 0, "{}", ours.stderr);
    assert_same("AWS_CA_BUNDLE over ca_bundle", &theirs, &ours);
}

#[test]
fn a_bundle_of_another_ca_fails_verification_like_aws() {
    let endpoint = https();
    let wrong = TestCa::generate().ca_pem;
    let (theirs, ours) = both_with(&endpoint, &ARGS, |cmd| {
        let (cmd, wrong) = with_bundle(cmd, "wrong.pem", &wrong);
        once(cmd).args(["--ca-bundle", wrong.as_str()])
    });
    assert_eq!(ours.status, 255);
    assert_same("wrong CA", &theirs, &ours);
}

#[test]
fn unusable_bundles_fail_like_aws() {
    let endpoint = https();
    let cases = [
        ("missing", None),
        ("no certificate", Some("just some text\n")),
        (
            "broken PEM",
            Some("-----BEGIN CERTIFICATE-----\n!!!!\n-----END CERTIFICATE-----\n"),
        ),
    ];
    for (case, contents) in cases {
        let (theirs, ours) = both_with(&endpoint, &ARGS, |cmd| {
            let path = cmd.home().join("bundle.pem");
            let cmd = match contents {
                Some(text) => cmd.with_file("bundle.pem", text),
                None => cmd,
            };
            once(cmd).arg("--ca-bundle").arg(path)
        });
        assert_eq!(ours.status, 255, "{case}");
        assert_same(case, &theirs, &ours);
    }
    assert!(endpoint.requests().is_empty());
}

#[test]
fn a_bundle_is_ignored_over_plain_http_as_aws_does() {
    let endpoint = Endpoint::start();
    let (theirs, ours) = both_with(&endpoint, &ARGS, |cmd| {
        cmd.args(["--ca-bundle", "/nonexistent/bundle.pem"])
    });
    assert_eq!(ours.status, 0, "{}", ours.stderr);
    assert_same("bundle over http", &theirs, &ours);
}

/// The `--no-verify-ssl` client is cogimport's own, so its timeouts and
/// dropped connections are checked to read as they do on the SDK's client
/// (used here with `--ca-bundle`), and as aws's do.
#[test]
fn transport_failures_over_tls_read_like_aws() {
    use std::time::Duration;

    use crate::support::endpoint::{Fault, FaultPlan};

    let faults = [
        ("read timeout", Fault::Delay(Duration::from_secs(4))),
        ("dropped", Fault::DropBeforeResponse),
    ];
    for (case, fault) in faults {
        let endpoint = Endpoint::with(Config {
            tls: Some(TestCa::generate()),
            faults: FaultPlan::always(fault),
            ..Config::default()
        });
        let pem = ca_pem(&endpoint);
        let mut args = ARGS.to_vec();
        args.extend(["--cli-read-timeout", "1"]);
        for insecure in [true, false] {
            let (theirs, ours) = both_with(&endpoint, &args, |cmd| {
                if insecure {
                    once(cmd).arg("--no-verify-ssl")
                } else {
                    let (cmd, path) = with_bundle(cmd, "ca.pem", &pem);
                    once(cmd).args(["--ca-bundle", path.as_str()])
                }
            });
            let case = format!("{case}, insecure: {insecure}");
            assert_eq!((ours.status, theirs.status), (255, 255), "{case}");
            assert_eq!(ours.stdout, theirs.stdout, "{case}");
            // aws's warning spans two lines; the error comes after it.
            let last = |stderr: &str| stderr.lines().last().unwrap_or_default().to_owned();
            assert_eq!(last(&ours.stderr), last(&theirs.stderr), "{case}");
            assert_eq!(
                ours.stderr.starts_with("InsecureRequestWarning: "),
                insecure,
                "{case}: {}",
                ours.stderr
            );
        }
    }
}

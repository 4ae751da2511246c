//! How cogimport fails: service, transport, configuration and usage
//! errors, interrupts, and hostile input. Messages and exit statuses are
//! compared with the real aws.

use std::time::Duration;

use crate::support::command::{SECRET_KEY, cogimport};
use crate::support::endpoint::{Config, Endpoint, Fault, FaultPlan};
use crate::support::{assert_same, both, both_with, list};

const POOL: &str = "us-west-2_aaaaaaaaa";
const ARGS: [&str; 4] = ["--user-pool-id", POOL, "--max-results", "20"];

fn faulty(faults: FaultPlan) -> Endpoint {
    Endpoint::with(Config {
        faults,
        ..Config::default()
    })
}

/// One attempt each, so transport failures are not retried for seconds.
fn once(cmd: crate::support::command::Cmd) -> crate::support::command::Cmd {
    cmd.env("AWS_MAX_ATTEMPTS", "1")
}

#[test]
fn service_errors_read_like_awss() {
    let endpoint = Endpoint::start();
    let cases: [&[&str]; 2] = [
        &["--user-pool-id", "us-west-2_nothere", "--max-results", "20"],
        &["--user-pool-id", POOL, "--max-results", "61"],
    ];
    for args in cases {
        let (theirs, ours) = both(&endpoint, args);
        assert!(
            ours.stderr.starts_with("\nAn error occurred ("),
            "{}",
            ours.stderr
        );
        assert_same(&format!("{args:?}"), &theirs, &ours);
    }
}

#[test]
fn a_bad_signature_is_rejected_like_aws() {
    let endpoint = Endpoint::start();
    let (theirs, ours) = both_with(&endpoint, &ARGS, |cmd| {
        cmd.env("AWS_SECRET_ACCESS_KEY", "not-the-secret")
    });
    assert!(
        ours.stderr.contains("(InvalidSignatureException)"),
        "{}",
        ours.stderr
    );
    assert_same("bad secret", &theirs, &ours);
    assert_ne!(SECRET_KEY, "not-the-secret");
}

#[test]
fn connection_refused_reads_like_aws() {
    // A port that was just free: nothing listens there.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .unwrap_or(9);
    let url = format!("http://127.0.0.1:{port}");
    let run = |cmd: crate::support::command::Cmd| {
        once(cmd)
            .args(["list-user-import-jobs", "--endpoint-url", url.as_str()])
            .args(ARGS)
            .run()
    };
    let theirs = run(crate::support::command::aws());
    let ours = run(cogimport());
    assert_eq!(
        ours.stderr,
        format!("\nCould not connect to the endpoint URL: \"{url}/\"\n")
    );
    assert_same("refused", &theirs, &ours);
}

#[test]
fn a_read_timeout_reads_like_aws() {
    let endpoint = faulty(FaultPlan::always(Fault::Delay(Duration::from_secs(4))));
    let mut args = ARGS.to_vec();
    args.extend(["--cli-read-timeout", "1"]);
    let (theirs, ours) = both_with(&endpoint, &args, once);
    assert!(
        ours.stderr.starts_with("\nRead timeout on endpoint URL: "),
        "{}",
        ours.stderr
    );
    assert_same("read timeout", &theirs, &ours);
}

#[test]
fn a_connection_closed_early_reads_like_aws() {
    let endpoint = faulty(FaultPlan::always(Fault::DropBeforeResponse));
    let (theirs, ours) = both_with(&endpoint, &ARGS, once);
    assert!(
        ours.stderr
            .contains("Connection was closed before we received a valid response"),
        "{}",
        ours.stderr
    );
    assert_same("dropped", &theirs, &ours);
}

#[test]
fn configuration_errors_read_like_awss() {
    let endpoint = Endpoint::start();
    let (theirs, ours) = both_with(&endpoint, &ARGS, |cmd| {
        cmd.env_remove("AWS_ACCESS_KEY_ID")
            .env_remove("AWS_SECRET_ACCESS_KEY")
    });
    assert_eq!(
        ours.stderr,
        "Unable to locate credentials. You can configure credentials by running \"aws configure\".\n"
    );
    assert_same("no credentials", &theirs, &ours);

    let (theirs, ours) = both_with(&endpoint, &ARGS, |cmd| cmd.env_remove("AWS_DEFAULT_REGION"));
    assert_same("no region", &theirs, &ours);

    let mut args = ARGS.to_vec();
    args.extend(["--profile", "nope"]);
    let (theirs, ours) = both(&endpoint, &args);
    assert_eq!(
        ours.stderr,
        "\nThe config profile (nope) could not be found\n"
    );
    assert_same("unknown profile", &theirs, &ours);
    assert!(
        endpoint.requests().is_empty(),
        "none of these sends a request"
    );
}

#[test]
fn usage_errors_exit_as_awss_do_and_name_the_option() {
    let endpoint = Endpoint::start();
    let (theirs, ours) = both(&endpoint, &[]);
    assert_eq!((ours.status, theirs.status), (2, 2));
    let last = |s: &str| {
        s.lines()
            .last()
            .unwrap_or_default()
            .split("error: ")
            .nth(1)
            .unwrap_or_default()
            .to_owned()
    };
    assert_eq!(last(&ours.stderr), last(&theirs.stderr));
    assert_eq!(
        last(&ours.stderr),
        "the following arguments are required: --user-pool-id, --max-results"
    );

    let (theirs, ours) = both(
        &endpoint,
        &["--user-pool-id", POOL, "--max-results", "1", "--bogus"],
    );
    assert_eq!((ours.status, theirs.status), (255, 255));
    assert!(
        ours.stderr.ends_with("\nUnknown options: --bogus\n"),
        "{}",
        ours.stderr
    );
    assert!(
        theirs.stderr.ends_with("\nUnknown options: --bogus\n"),
        "{}",
        theirs.stderr
    );
}

#[test]
fn sigint_during_pagination_exits_130_quietly() {
    let endpoint = faulty(FaultPlan::always(Fault::Delay(Duration::from_secs(30))));
    let url = endpoint.url();
    let child = cogimport()
        .args(["list-user-import-jobs", "--endpoint-url", url.as_str()])
        .args(ARGS)
        .spawn();
    // Wait until the request is in flight, then interrupt.
    let started = std::time::Instant::now();
    while endpoint.requests().is_empty() && started.elapsed() < Duration::from_secs(10) {
        std::thread::sleep(Duration::from_millis(20));
    }
    let pid = child.id().to_string();
    let killed = std::process::Command::new("kill")
        .args(["-INT", pid.as_str()])
        .status();
    assert!(killed.is_ok_and(|s| s.success()));
    let out = crate::support::command::finish(child);
    assert_eq!(out.status, 130);
    assert_eq!(out.stderr, "\n");
    assert_eq!(out.stdout, "");
}

/// Random and hostile values never make the binary panic or print a
/// backtrace; every outcome is an ordinary exit status.
#[test]
fn hostile_input_never_panics() {
    use std::ffi::OsString;
    use std::os::unix::ffi::OsStringExt;

    let endpoint = Endpoint::start();
    let url = endpoint.url();
    let invalid_utf8 = OsString::from_vec(vec![0x66, 0x6f, 0xff, 0xfe]);
    let huge = "9".repeat(400);
    let control = "\u{1}\u{7}\u{1b}[31m\t\r";
    let cases: Vec<Vec<OsString>> = vec![
        vec![
            "--user-pool-id".into(),
            invalid_utf8.clone(),
            "--max-results".into(),
            "1".into(),
        ],
        vec![
            "--user-pool-id".into(),
            POOL.into(),
            "--max-results".into(),
            huge.clone().into(),
        ],
        vec![
            "--user-pool-id".into(),
            POOL.into(),
            "--max-results".into(),
            format!("-{huge}").into(),
        ],
        vec![
            "--user-pool-id".into(),
            control.into(),
            "--max-results".into(),
            "1".into(),
        ],
        vec![
            "--user-pool-id".into(),
            POOL.into(),
            "--max-results".into(),
            "1".into(),
            "--pagination-token".into(),
            control.into(),
        ],
        vec![
            "--user-pool-id".into(),
            "x".repeat(100_000).into(),
            "--max-results".into(),
            "1".into(),
        ],
        vec!["--cli-input-json".into(), invalid_utf8.clone()],
        vec![
            "--cli-input-json".into(),
            format!("{}{}", "[".repeat(5000), "]".repeat(5000)).into(),
        ],
        vec![
            "--cli-input-json".into(),
            format!(r#"{{"UserPoolId": "p_1", "MaxResults": {huge}}}"#).into(),
        ],
        vec!["--cli-input-json".into(), "file:///dev/null".into()],
        vec!["--cli-input-json".into(), "fileb:///proc/self/exe".into()],
        vec![
            "--query".into(),
            "[".repeat(10_000).into(),
            "--user-pool-id".into(),
            POOL.into(),
            "--max-results".into(),
            "1".into(),
        ],
        vec![
            "--query".into(),
            invalid_utf8.clone(),
            "--user-pool-id".into(),
            POOL.into(),
            "--max-results".into(),
            "1".into(),
        ],
        vec!["--output".into(), invalid_utf8.clone()],
        vec![
            "--region".into(),
            control.into(),
            "--user-pool-id".into(),
            POOL.into(),
            "--max-results".into(),
            "1".into(),
        ],
        vec![
            "--endpoint-url".into(),
            "not a url".into(),
            "--user-pool-id".into(),
            POOL.into(),
            "--max-results".into(),
            "1".into(),
        ],
        vec![
            "--cli-read-timeout".into(),
            huge.clone().into(),
            "--user-pool-id".into(),
            POOL.into(),
            "--max-results".into(),
            "1".into(),
        ],
        vec![invalid_utf8.clone()],
    ];
    for args in cases {
        let out = cogimport()
            .arg("list-user-import-jobs")
            .args(["--endpoint-url", url.as_str()])
            .args(&args)
            .env("RUST_BACKTRACE", "1")
            .env("AWS_MAX_ATTEMPTS", "1")
            .run();
        assert!(
            matches!(out.status, 0 | 2 | 255),
            "{args:?}: status {} {}",
            out.status,
            out.stderr
        );
        assert!(
            !out.stderr.contains("panicked") && !out.stderr.contains("stack backtrace"),
            "{args:?}: {}",
            out.stderr
        );
        assert!(
            !out.stderr.trim().is_empty() || out.status == 0,
            "{args:?}: a failure says why"
        );
    }
}

#[test]
fn a_page_beyond_the_models_64_bit_counts_fails_cleanly() {
    let endpoint = Endpoint::start();
    let out = list(
        &endpoint,
        &[
            "--user-pool-id",
            "us-west-2_beyondLong",
            "--max-results",
            "20",
        ],
    );
    assert_eq!(out.status, 255);
    assert_eq!(out.stdout, "");
    assert!(out.stderr.contains("ListUserImportJobs"), "{}", out.stderr);
}

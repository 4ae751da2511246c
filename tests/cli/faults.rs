//! The fault matrix: throttling, server errors, dropped connections, slow
//! and malformed answers, oversized pages and huge fields, a closed pipe and
//! signals. Each case pins the exit status, stdout and stderr, against the
//! real aws where aws behaves the same and to cogimport's exact bytes where
//! it deliberately does not. None may hang: every process runs under a
//! deadline and is killed (failing the test) past it.
//!
//! Covered elsewhere, not repeated here:
//! * the same token returned twice, and a cycle A, B, A:
//!   `pagination::a_token_returned_twice_stops_with_a_message_naming_it`,
//!   `pagination::a_token_cycle_a_b_a_is_caught`;
//! * a token that expires in the middle of a listing (the resume line):
//!   `pagination::a_failure_after_the_first_page_names_the_token_to_resume_from`;
//! * a single attempt that times out or is dropped, beside aws:
//!   `errors::a_read_timeout_reads_like_aws`,
//!   `errors::a_connection_closed_early_reads_like_aws`;
//! * Ctrl-C during pagination exits 130: `errors::sigint_during_pagination_exits_130_quietly`.

use std::io::{BufRead, BufReader};
use std::process::Command;
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::support::command::{Cmd, Outcome, aws, cogimport, finish};
use crate::support::endpoint::{Config, Endpoint, Fault, FaultPlan, HUGE_POOL};

const POOL: &str = "us-west-2_aaaaaaaaa";
const ARGS: [&str; 4] = ["--user-pool-id", POOL, "--max-results", "20"];
/// 200 jobs at 60 a page: four pages.
const GEN200: [&str; 4] = ["--user-pool-id", "us-east-1_gen200", "--max-results", "60"];

/// No case here should take longer; the slowest (five attempts with aws's
/// and the SDK's jittered backoff) needs at most about 15 s.
const DEADLINE: Duration = Duration::from_secs(90);

fn faulty(faults: FaultPlan) -> Endpoint {
    Endpoint::with(Config {
        faults,
        ..Config::default()
    })
}

/// Runs `cmd` to the end, or kills it and fails the test past `limit`.
fn bounded(cmd: Cmd, limit: Duration) -> Outcome {
    let running = cmd.spawn();
    let pid = running.id();
    let (done, outcome) = mpsc::channel();
    thread::spawn(move || {
        let _ = done.send(finish(running));
    });
    match outcome.recv_timeout(limit) {
        Ok(outcome) => outcome,
        Err(_) => {
            kill(pid, "-KILL");
            panic!("process {pid} still running after {limit:?}");
        }
    }
}

fn kill(pid: u32, signal: &str) {
    let pid = pid.to_string();
    let status = Command::new("kill").args([signal, pid.as_str()]).status();
    assert!(status.is_ok_and(|s| s.success()), "kill {signal} {pid}");
}

fn list_cmd(cmd: Cmd, endpoint: &Endpoint, args: &[&str]) -> Cmd {
    cmd.arg("list-user-import-jobs")
        .args(["--endpoint-url", endpoint.url().as_str()])
        .args(args)
}

/// cogimport alone, bounded.
fn ours(endpoint: &Endpoint, args: &[&str], setup: impl Fn(Cmd) -> Cmd) -> Outcome {
    bounded(setup(list_cmd(cogimport(), endpoint, args)), DEADLINE)
}

/// aws and cogimport side by side, each against its own endpoint with the
/// same fault plan, so each meets the faults in the same order (request
/// indices are counted per endpoint). aws's endpoint URL is rewritten to
/// ours in its output, the only place the two endpoints differ.
struct Pair {
    aws: Outcome,
    ours: Outcome,
    /// The index of every request each endpoint answered (aws's, ours). A
    /// request the client gave up on before its answer was ready (a read
    /// timeout) is not recorded; its index is missing.
    requests: (Vec<usize>, Vec<usize>),
}

fn pair(plan: FaultPlan, args: &[&str], setup: impl Fn(Cmd) -> Cmd + Sync) -> Pair {
    let (theirs, mine) = (faulty(plan.clone()), faulty(plan));
    let (mut aws_out, ours_out) = thread::scope(|scope| {
        let aws_run = scope.spawn(|| bounded(setup(list_cmd(aws(), &theirs, args)), DEADLINE));
        let ours_out = bounded(setup(list_cmd(cogimport(), &mine, args)), DEADLINE);
        match aws_run.join() {
            Ok(aws_out) => (aws_out, ours_out),
            Err(_) => panic!("running aws panicked"),
        }
    });
    aws_out.stdout = aws_out.stdout.replace(&theirs.url(), &mine.url());
    aws_out.stderr = aws_out.stderr.replace(&theirs.url(), &mine.url());
    Pair {
        aws: aws_out,
        ours: ours_out,
        requests: (indices(&theirs), indices(&mine)),
    }
}

impl Pair {
    /// Same status, stdout and stderr, after the same number of attempts.
    fn assert_same(&self, case: &str) {
        assert_eq!(
            (self.ours.status, &self.ours.stdout, &self.ours.stderr),
            (self.aws.status, &self.aws.stdout, &self.aws.stderr),
            "{case}: cogimport (left) differs from aws (right)"
        );
        assert_eq!(
            self.requests.1, self.requests.0,
            "{case}: cogimport (left) and aws (right) made different attempts"
        );
    }
}

fn indices(endpoint: &Endpoint) -> Vec<usize> {
    endpoint.requests().iter().map(|r| r.index).collect()
}

fn attempts(n: &'static str) -> impl Fn(Cmd) -> Cmd + Sync {
    move |cmd| cmd.env("AWS_MAX_ATTEMPTS", n)
}

fn json(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"))
}

fn job_count(stdout: &str) -> Option<usize> {
    json(stdout)["UserImportJobs"].as_array().map(Vec::len)
}

/// A clean listing of `args`, to compare faulty runs with.
fn clean(args: &[&str]) -> String {
    let out = ours(&Endpoint::start(), args, |cmd| cmd);
    assert_eq!(out.status, 0, "{}", out.stderr);
    out.stdout
}

// ------------------------------------------------------------ throttling --

/// Cognito throttles with a 400 TooManyRequestsException. aws v1's legacy
/// retry handler does not know that code and gives up at once; the SDK's
/// standard strategy classes it as throttling and retries it, so cogimport
/// gets through a listing that aws cannot.
#[test]
fn throttling_on_two_calls_in_three_is_retried_through_the_whole_listing() {
    let plan = FaultPlan::none().when(|i| i % 3 != 2, Fault::Throttle);
    let endpoint = faulty(plan.clone());
    let out = ours(&endpoint, &GEN200, |cmd| cmd);
    assert_eq!((out.status, out.stderr.as_str()), (0, ""));
    assert_eq!(job_count(&out.stdout), Some(200));
    assert_eq!(out.stdout, clean(&GEN200));
    let statuses: Vec<Option<u16>> = endpoint.requests().iter().map(|r| r.status).collect();
    assert_eq!(statuses.len(), 12, "four pages, each after two throttles");
    assert!(
        statuses
            .iter()
            .enumerate()
            .all(|(i, s)| *s == Some(if i % 3 == 2 { 200 } else { 400 })),
        "{statuses:?}"
    );

    // What aws does with the same service: one attempt, then the error.
    let theirs = bounded(list_cmd(aws(), &faulty(plan), &GEN200), DEADLINE);
    assert_eq!(
        (
            theirs.status,
            theirs.stdout.as_str(),
            theirs.stderr.as_str()
        ),
        (
            255,
            "",
            "\nAn error occurred (TooManyRequestsException) when calling the ListUserImportJobs operation: Too many requests\n"
        )
    );
}

// --------------------------------------------------------- server errors --

#[test]
fn server_errors_are_retried_as_aws_retries_them_then_succeed() {
    for status in [500, 503] {
        let plan = FaultPlan::none().range(0..2, Fault::Status(status));
        let run = pair(plan, &ARGS, |cmd| cmd);
        run.assert_same(&format!("{status} twice, then 200"));
        assert_eq!(run.ours.status, 0, "{}", run.ours.stderr);
        assert_eq!(run.requests.1, [0, 1, 2]);
    }
}

#[test]
fn server_errors_exhaust_the_configured_attempts_like_aws() {
    let cases = [
        (
            500,
            "3",
            "\nAn error occurred (InternalErrorException) when calling the ListUserImportJobs operation (reached max retries: 2): Internal server error.\n",
        ),
        (
            503,
            "2",
            "\nAn error occurred (ServiceUnavailable) when calling the ListUserImportJobs operation (reached max retries: 1): Service Unavailable\n",
        ),
    ];
    for (status, max, message) in cases {
        let run = pair(
            FaultPlan::always(Fault::Status(status)),
            &ARGS,
            attempts(max),
        );
        run.assert_same(&format!("{status} with AWS_MAX_ATTEMPTS={max}"));
        assert_eq!(
            (
                run.ours.status,
                run.ours.stdout.as_str(),
                run.ours.stderr.as_str()
            ),
            (255, "", message)
        );
        assert_eq!(run.requests.1.len().to_string(), max);
    }
}

/// Without AWS_MAX_ATTEMPTS both make aws v1's five attempts. The backoff
/// before the last one can reach 8 s, so this is the slowest case here.
#[test]
fn by_default_a_server_error_is_tried_five_times_like_aws() {
    let run = pair(FaultPlan::always(Fault::Status(500)), &ARGS, |cmd| cmd);
    run.assert_same("500 every time");
    assert_eq!(run.requests.1, [0, 1, 2, 3, 4]);
    assert_eq!(
        run.ours.stderr,
        "\nAn error occurred (InternalErrorException) when calling the ListUserImportJobs operation (reached max retries: 4): Internal server error.\n"
    );
}

// --------------------------------------------------- dropped connections --

#[test]
fn a_dropped_connection_is_retried_like_aws() {
    for fault in [Fault::DropBeforeResponse, Fault::DropMidBody] {
        let run = pair(FaultPlan::none().at(0, fault.clone()), &ARGS, |cmd| cmd);
        run.assert_same(&format!("{fault:?} once"));
        assert_eq!(run.ours.status, 0, "{}", run.ours.stderr);
        assert_eq!(run.requests.1, [0, 1]);
    }
}

#[test]
fn a_connection_dropped_halfway_through_the_body_every_time_fails_like_aws() {
    let run = pair(FaultPlan::always(Fault::DropMidBody), &ARGS, attempts("2"));
    run.assert_same("dropped mid-body");
    assert_eq!(run.ours.status, 255);
    assert!(
        run.ours.stderr.starts_with(
            "\nConnection was closed before we received a valid response from endpoint URL: \"http://127.0.0.1:"
        ),
        "{}",
        run.ours.stderr
    );
}

/// aws cannot get here (it makes one call); cogimport has two pages in
/// hand when the third is dropped, and prints none of them.
#[test]
fn a_connection_dropped_mid_listing_prints_nothing_but_the_resume_line() {
    let endpoint = faulty(FaultPlan::none().at(2, Fault::DropBeforeResponse));
    let out = ours(&endpoint, &GEN200, attempts("1"));
    let token = endpoint.requests()[2]
        .body
        .as_ref()
        .and_then(|b| b["PaginationToken"].as_str().map(str::to_owned))
        .unwrap_or_default();
    assert!(!token.is_empty());
    assert_eq!(
        (out.status, out.stdout.as_str(), out.stderr),
        (
            255,
            "",
            format!(
                "\nConnection was closed before we received a valid response from endpoint URL: \"{}/\".\n\
                 To resume the listing, run the command again with --pagination-token {token}\n",
                endpoint.url()
            )
        )
    );
}

// ------------------------------------------------------------ slowness --

#[test]
fn a_response_slower_than_the_read_timeout_is_retried_like_aws() {
    let plan = FaultPlan::none().at(0, Fault::Delay(Duration::from_secs(3)));
    let mut args = ARGS.to_vec();
    args.extend(["--cli-read-timeout", "1"]);
    let run = pair(plan, &args, |cmd| cmd);
    run.assert_same("one slow answer");
    assert_eq!(run.ours.status, 0, "{}", run.ours.stderr);
    // The first request was abandoned at the timeout, unanswered; the
    // second was answered.
    assert_eq!(run.requests.1, [1]);
}

#[test]
fn a_slow_page_mid_listing_times_out_with_the_resume_line() {
    let endpoint = faulty(FaultPlan::none().at(1, Fault::Delay(Duration::from_secs(5))));
    let mut args = GEN200.to_vec();
    args.extend(["--cli-read-timeout", "1"]);
    let started = Instant::now();
    let out = ours(&endpoint, &args, attempts("1"));
    assert!(
        started.elapsed() < Duration::from_secs(4),
        "the timeout applies"
    );
    assert_eq!((out.status, out.stdout.as_str()), (255, ""));
    let lines: Vec<&str> = out.stderr.lines().collect();
    assert_eq!(
        lines[..2],
        [
            "",
            format!("Read timeout on endpoint URL: \"{}/\"", endpoint.url()).as_str()
        ]
    );
    assert!(
        lines[2]
            .starts_with("To resume the listing, run the command again with --pagination-token "),
        "{}",
        out.stderr
    );
}

// ------------------------------------------------------ malformed answers --

const UNREADABLE: &str =
    "\nThe service sent a response that could not be read for the ListUserImportJobs operation: ";

/// aws's JSON parser turns a body it cannot decode into `{"message": body}`,
/// which has no ListUserImportJobs member, so aws prints nothing and exits
/// 0: the user cannot tell a broken answer from an empty pool. cogimport
/// says what went wrong and exits 255.
#[test]
fn a_200_whose_body_is_not_json_is_an_error_not_an_empty_listing() {
    for body in [
        "<html>oops</html>",
        "{\"UserImportJobs\": [",
        "\u{0}\u{1}garbage",
    ] {
        let run = pair(
            FaultPlan::always(Fault::RawBody(body.into())),
            &ARGS,
            attempts("1"),
        );
        assert_eq!(
            (
                run.aws.status,
                run.aws.stdout.as_str(),
                run.aws.stderr.as_str()
            ),
            (0, "", ""),
            "aws's behaviour for {body:?} changed"
        );
        assert_eq!(run.ours.status, 255, "{body:?}");
        assert_eq!(run.ours.stdout, "", "{body:?}");
        assert!(
            run.ours.stderr.starts_with(UNREADABLE) && run.ours.stderr.ends_with('\n'),
            "{body:?}: {}",
            run.ours.stderr
        );
    }
}

#[test]
fn a_200_of_the_wrong_shape_is_an_error() {
    let cases = [
        (
            r#"{"UserImportJobs": "x"}"#,
            "response error: type mismatch: expected array",
            // aws walks "x" as a list of jobs and fails on its first letter.
            (255, "", "\n'str' object has no attribute 'get'\n"),
        ),
        (
            r#"{"UserImportJobs":[{"ImportedUsers":"many"}]}"#,
            "response error: type mismatch: expected integer",
            // aws copies wire values through without checking their type.
            (
                0,
                "{\n    \"UserImportJobs\": [\n        {\n            \"ImportedUsers\": \"many\"\n        }\n    ]\n}\n",
                "",
            ),
        ),
    ];
    for (body, detail, theirs) in cases {
        let run = pair(
            FaultPlan::always(Fault::RawBody(body.into())),
            &ARGS,
            attempts("1"),
        );
        assert_eq!(
            (
                run.aws.status,
                run.aws.stdout.as_str(),
                run.aws.stderr.as_str()
            ),
            theirs,
            "aws's behaviour for {body} changed"
        );
        assert_eq!(
            (run.ours.status, run.ours.stdout.as_str(), run.ours.stderr),
            (255, "", format!("{UNREADABLE}{detail}\n")),
            "{body}"
        );
    }
}

// -------------------------------------------------------- size extremes --

#[test]
fn a_page_far_larger_than_asked_for_is_listed_whole() {
    let plan = FaultPlan::none().at(0, Fault::OversizedPage);
    // One page, as aws shows it.
    let mut single = GEN200.to_vec();
    single.push("--no-paginate");
    let run = pair(plan.clone(), &single, |cmd| cmd);
    run.assert_same("1,000 jobs for 60 asked");
    assert_eq!(job_count(&run.ours.stdout), Some(1000));

    // The whole listing: the 1,000, then pages 2 to 4 (jobs 60 to 199).
    let out = ours(&faulty(plan), &GEN200, |cmd| cmd);
    assert_eq!((out.status, out.stderr.as_str()), (0, ""));
    assert_eq!(job_count(&out.stdout), Some(1140));
}

#[test]
fn one_megabyte_strings_print_exactly_as_aws_prints_them() {
    let args = ["--user-pool-id", HUGE_POOL, "--max-results", "60"];
    let run = pair(FaultPlan::none(), &args, |cmd| cmd);
    run.assert_same("1 MiB fields");
    assert_eq!(run.ours.status, 0, "{}", run.ours.stderr);
    assert!(run.ours.stdout.len() > 9 << 20, "{}", run.ours.stdout.len());
}

// ---------------------------------------------------- pipes and signals --

/// `cogimport … | head -1`: the reader leaves after one line and cogimport,
/// like aws, exits 0 without a word.
#[test]
fn a_reader_that_stops_after_one_line_is_a_quiet_success() {
    let endpoint = Endpoint::start();
    let args = [
        "--user-pool-id",
        "us-east-1_gen20000",
        "--max-results",
        "60",
    ];
    let mut child = list_cmd(cogimport(), &endpoint, &args).spawn();
    let pid = child.id();
    let (finished, until_finished) = mpsc::channel::<()>();
    let watchdog = thread::spawn(move || {
        // Ends the child (and so the test) if the closed pipe never does.
        let stuck = until_finished.recv_timeout(DEADLINE).is_err();
        if stuck {
            let _ = Command::new("kill")
                .args(["-KILL", &pid.to_string()])
                .status();
        }
        stuck
    });
    let mut first = String::new();
    if let Some(stdout) = child.take_stdout() {
        let mut reader = BufReader::new(stdout);
        reader
            .read_line(&mut first)
            .unwrap_or_else(|e| panic!("{e}"));
        // `reader` (the pipe's only read end) is dropped here.
    }
    let out = finish(child);
    let _ = finished.send(());
    assert!(
        !watchdog.join().unwrap_or(true),
        "still running after {DEADLINE:?}"
    );
    assert_eq!(first, "{\n");
    assert_eq!(out.stderr, "");
    assert_eq!(out.status, 0);
    assert_eq!(endpoint.requests().len(), 334, "20,000 jobs at 60 a page");
}

/// SIGTERM (what `timeout`, systemd and container runtimes send) ends a
/// run at once, even with a request in flight, and prints nothing.
#[test]
fn sigterm_ends_a_run_promptly() {
    let endpoint = faulty(FaultPlan::always(Fault::Delay(Duration::from_secs(30))));
    let child = list_cmd(cogimport(), &endpoint, &GEN200).spawn();
    // The endpoint records a request only once it has answered it, which
    // the delayed one never is; a second is ample for the request to be
    // sent (cogimport starts in milliseconds).
    thread::sleep(Duration::from_secs(1));
    let pid = child.id();
    let signalled = Instant::now();
    kill(pid, "-TERM");
    let (done, outcome) = mpsc::channel();
    thread::spawn(move || {
        let _ = done.send(finish(child));
    });
    let out = match outcome.recv_timeout(Duration::from_secs(5)) {
        Ok(out) => out,
        Err(_) => {
            kill(pid, "-KILL");
            panic!("still running 5 s after SIGTERM");
        }
    };
    assert!(signalled.elapsed() < Duration::from_secs(3));
    assert_eq!(out.signal, Some(15), "{out:?}");
    assert_eq!(out.stdout, "");
    assert_eq!(out.stderr, "");
}

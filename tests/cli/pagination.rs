//! Following PaginationToken: merging, --no-paginate, the repeated-token
//! guard, and what is sent on every page.

use std::process::Command;

use serde_json::Value;

use crate::support::command::aws;
use crate::support::endpoint::{Config, Endpoint, Fault, FaultPlan};
use crate::support::{assert_same, both, list};

fn endpoint_with(faults: FaultPlan) -> Endpoint {
    Endpoint::with(Config {
        faults,
        ..Config::default()
    })
}

fn json(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"))
}

#[test]
fn a_single_page_prints_exactly_what_aws_prints() {
    let endpoint = Endpoint::start();
    let (theirs, ours) = both(
        &endpoint,
        &[
            "--user-pool-id",
            "us-west-2_aaaaaaaaa",
            "--max-results",
            "20",
        ],
    );
    assert_eq!(ours.status, 0, "{}", ours.stderr);
    assert!(ours.stdout.contains("\"JobName\": \"Test-import-job-1\""));
    assert_same("doc example", &theirs, &ours);
}

#[test]
fn no_paginate_prints_the_first_page_as_the_service_sent_it() {
    let endpoint = Endpoint::start();
    let (theirs, ours) = both(
        &endpoint,
        &[
            "--user-pool-id",
            "us-east-1_gen1000",
            "--max-results",
            "60",
            "--no-paginate",
        ],
    );
    assert!(
        ours.stdout.contains("\"PaginationToken\": "),
        "{}",
        ours.stdout
    );
    assert_eq!(
        json(&ours.stdout)["UserImportJobs"]
            .as_array()
            .map(Vec::len),
        Some(60)
    );
    assert_same("--no-paginate", &theirs, &ours);
    assert_eq!(endpoint.requests().len(), 2, "one call each");
}

/// aws has no paginator for this operation, so the expected document is
/// built the way a user would: call aws page by page, then merge the pages
/// with Python's own json.dump, exactly as aws formats a document.
#[test]
fn every_page_is_merged_into_one_document_equal_to_awss_pages_merged() {
    let endpoint = Endpoint::start();
    let pool = "us-east-1_gen1000";
    let mut pages = Vec::new();
    let mut token: Option<String> = None;
    loop {
        let mut cmd = aws().args([
            "list-user-import-jobs",
            "--endpoint-url",
            &endpoint.url(),
            "--user-pool-id",
            pool,
            "--max-results",
            "60",
        ]);
        if let Some(token) = &token {
            cmd = cmd.args(["--pagination-token", token]);
        }
        let page = cmd.run();
        assert_eq!(page.status, 0, "{}", page.stderr);
        token = json(&page.stdout)["PaginationToken"]
            .as_str()
            .map(str::to_owned);
        pages.push(page.stdout);
        if token.is_none() {
            break;
        }
    }
    assert_eq!(pages.len(), 17, "1,000 jobs at 60 a page");

    let merge = "import json, sys\n\
                 pages = [json.loads(p) for p in json.load(sys.stdin)]\n\
                 jobs = [job for page in pages for job in page['UserImportJobs']]\n\
                 sys.stdout.write(json.dumps({'UserImportJobs': jobs}, indent=4, ensure_ascii=False) + '\\n')";
    let expected = python(merge, &serde_json::to_string(&pages).unwrap_or_default());

    let ours = list(&endpoint, &["--user-pool-id", pool, "--max-results", "60"]);
    assert_eq!(ours.status, 0, "{}", ours.stderr);
    assert_eq!(
        json(&ours.stdout)["UserImportJobs"]
            .as_array()
            .map(Vec::len),
        Some(1000)
    );
    assert!(
        ours.stdout == expected,
        "merged output differs from aws's pages merged"
    );
}

fn python(script: &str, stdin: &str) -> String {
    use std::io::Write;
    let mut child = Command::new("python3")
        .args(["-c", script])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("python3: {e}"));
    if let Some(mut pipe) = child.stdin.take() {
        pipe.write_all(stdin.as_bytes())
            .unwrap_or_else(|e| panic!("{e}"));
    }
    let out = child.wait_with_output().unwrap_or_else(|e| panic!("{e}"));
    assert!(out.status.success(), "python failed");
    String::from_utf8(out.stdout).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn every_page_repeats_the_parameters_on_one_connection() {
    let endpoint = Endpoint::start();
    let out = list(
        &endpoint,
        &["--user-pool-id", "us-east-1_gen200", "--max-results", "60"],
    );
    assert_eq!(out.status, 0, "{}", out.stderr);
    let requests = endpoint.requests();
    assert_eq!(requests.len(), 4, "200 jobs at 60 a page");
    let mut tokens = Vec::new();
    for request in &requests {
        let body = request.body.clone().unwrap_or(Value::Null);
        assert_eq!(body["UserPoolId"], "us-east-1_gen200");
        assert_eq!(body["MaxResults"], 60);
        tokens.push(body.get("PaginationToken").cloned());
        assert_eq!(
            request.connection, requests[0].connection,
            "the connection is reused"
        );
    }
    assert_eq!(
        tokens[0], None,
        "the first page is asked for without a token"
    );
    assert!(tokens[1..].iter().all(Option::is_some));
}

#[test]
fn pagination_token_sets_where_the_listing_starts() {
    let endpoint = Endpoint::start();
    let first = list(
        &endpoint,
        &[
            "--user-pool-id",
            "us-east-1_gen100",
            "--max-results",
            "60",
            "--no-paginate",
        ],
    );
    let token = json(&first.stdout)["PaginationToken"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    assert!(!token.is_empty());
    let (theirs, ours) = both(
        &endpoint,
        &[
            "--user-pool-id",
            "us-east-1_gen100",
            "--max-results",
            "60",
            "--pagination-token",
            &token,
        ],
    );
    assert_same("resumed listing", &theirs, &ours);
    let rest = json(&ours.stdout);
    assert_eq!(rest["UserImportJobs"].as_array().map(Vec::len), Some(40));
    assert_eq!(rest["UserImportJobs"][0]["JobName"], "gen-job-000060");
}

#[test]
fn a_token_returned_twice_stops_with_a_message_naming_it() {
    let endpoint = endpoint_with(FaultPlan::none().at(1, Fault::RepeatToken));
    let out = list(
        &endpoint,
        &["--user-pool-id", "us-east-1_gen1000", "--max-results", "60"],
    );
    assert_eq!(out.status, 255);
    assert_eq!(out.stdout, "", "nothing partial on stdout");
    let requests = endpoint.requests();
    let repeated = requests[1]
        .body
        .as_ref()
        .and_then(|b| b["PaginationToken"].as_str())
        .unwrap_or_default();
    assert_eq!(
        out.stderr,
        format!("\nError during pagination: The same next token was received twice: {repeated}\n")
    );
    assert_eq!(requests.len(), 2, "it stops at once");
}

fn raw(jobs: &str, token: Option<&str>) -> Fault {
    let token = token
        .map(|t| format!(",\"PaginationToken\":\"{t}\""))
        .unwrap_or_default();
    Fault::RawBody(format!("{{\"UserImportJobs\":[{jobs}]{token}}}"))
}

#[test]
fn a_token_cycle_a_b_a_is_caught() {
    let plan = FaultPlan::none()
        .at(0, raw("", Some("A")))
        .at(1, raw("", Some("B")))
        .at(2, raw("", Some("A")))
        .at(3, raw("", Some("B")));
    let endpoint = endpoint_with(plan);
    let out = list(
        &endpoint,
        &[
            "--user-pool-id",
            "us-west-2_aaaaaaaaa",
            "--max-results",
            "5",
        ],
    );
    assert_eq!(out.status, 255);
    assert_eq!(
        out.stderr,
        "\nError during pagination: The same next token was received twice: A\n"
    );
    assert_eq!(endpoint.requests().len(), 3);
}

#[test]
fn a_token_given_on_the_command_line_counts_as_seen() {
    let endpoint = endpoint_with(FaultPlan::none().at(0, raw("", Some("start"))));
    let out = list(
        &endpoint,
        &[
            "--user-pool-id",
            "us-west-2_aaaaaaaaa",
            "--max-results",
            "5",
            "--pagination-token",
            "start",
        ],
    );
    assert_eq!(out.status, 255);
    assert!(
        out.stderr.contains("received twice: start"),
        "{}",
        out.stderr
    );
}

#[test]
fn an_empty_page_with_a_token_is_not_the_end() {
    let job = r#"{"JobName":"late","JobId":"import-late","Status":"Created"}"#;
    let plan = FaultPlan::none()
        .at(0, raw("", Some("p2")))
        .at(1, raw("", Some("p3")))
        .at(2, raw(job, None));
    let endpoint = endpoint_with(plan);
    let out = list(
        &endpoint,
        &[
            "--user-pool-id",
            "us-west-2_aaaaaaaaa",
            "--max-results",
            "5",
        ],
    );
    assert_eq!(out.status, 0, "{}", out.stderr);
    assert_eq!(
        out.stdout,
        "{\n    \"UserImportJobs\": [\n        {\n            \"JobName\": \"late\",\n            \"JobId\": \"import-late\",\n            \"Status\": \"Created\"\n        }\n    ]\n}\n"
    );
    assert_eq!(endpoint.requests().len(), 3);
}

#[test]
fn a_failure_after_the_first_page_names_the_token_to_resume_from() {
    let endpoint = endpoint_with(FaultPlan::none().at(2, Fault::InvalidToken));
    let out = list(
        &endpoint,
        &["--user-pool-id", "us-east-1_gen300", "--max-results", "60"],
    );
    assert_eq!(out.status, 255);
    assert_eq!(out.stdout, "", "nothing partial on stdout");
    let failed = endpoint.requests()[2]
        .body
        .as_ref()
        .and_then(|b| b["PaginationToken"].as_str().map(str::to_owned))
        .unwrap_or_default();
    let lines: Vec<&str> = out.stderr.lines().collect();
    assert_eq!(
        lines[1],
        "An error occurred (InvalidParameterException) when calling the ListUserImportJobs operation: The pagination token has expired."
    );
    assert_eq!(
        lines[2],
        format!("To resume the listing, run the command again with --pagination-token {failed}")
    );
}

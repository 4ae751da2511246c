//! json, text and table output, `--query` and `--color`: every case is
//! compared byte for byte with the real aws (stdout, stderr, exit status).

use unicode_width::UnicodeWidthStr;

use crate::support::endpoint::Endpoint;
use crate::support::{assert_same, both, both_with, list};

/// Pools whose every member aws and cogimport must print alike.
const POOLS: [&str; 6] = [
    "us-west-2_aaaaaaaaa",
    "us-west-2_emptyPool",
    "us-west-2_noJobsKey",
    "us-west-2_bigCounts",
    "us-west-2_sparse",
    "us-east-1_gen100",
];

/// Queries over the documentation pool, chosen to reach every renderer
/// path: scalars, lists of scalars and of lists, objects and lists of
/// objects, nested multi-select hashes, empty results and null, and the
/// functions whose number types and key order differ between JMESPath
/// implementations.
const QUERIES: [&str; 20] = [
    "UserImportJobs[0].JobName",
    "UserImportJobs[].JobName",
    "UserImportJobs[].[JobName, Status, ImportedUsers]",
    "UserImportJobs[0]",
    "UserImportJobs[].{S: Status, N: JobName}",
    "{Jobs: UserImportJobs[].{Name: JobName, Counts: {I: ImportedUsers, F: FailedUsers}}, Count: length(UserImportJobs)}",
    "UserImportJobs[?Status=='Failed']",
    "UserImportJobs[?Status=='Nope']",
    "UserImportJobs[0].Nope",
    "`{}`",
    "sort_by(UserImportJobs, &CreationDate)[].JobName",
    "max_by(UserImportJobs, &ImportedUsers).JobName",
    "length(UserImportJobs)",
    "sum(UserImportJobs[].ImportedUsers)",
    "avg(UserImportJobs[].FailedUsers)",
    "keys(UserImportJobs[0])",
    "to_string(UserImportJobs[0].CreationDate)",
    "UserImportJobs[].CreationDate",
    "UserImportJobs[].[JobName, [ImportedUsers, SkippedUsers]]",
    "UserImportJobs[?ImportedUsers > `0`].{Name: JobName, Done: CompletionDate}",
];

fn check_all(endpoint: &Endpoint, cases: Vec<Vec<String>>) {
    let mut failures = Vec::new();
    for args in &cases {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let (theirs, ours) = both(endpoint, &args);
        if (ours.status, &ours.stdout, &ours.stderr)
            != (theirs.status, &theirs.stdout, &theirs.stderr)
        {
            failures.push(format!(
                "{args:?}\n  aws:       {} {:?} {:?}\n  cogimport: {} {:?} {:?}",
                theirs.status, theirs.stdout, theirs.stderr, ours.status, ours.stdout, ours.stderr
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases differ:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

fn pool_cases(format: &str) -> Vec<Vec<String>> {
    POOLS
        .iter()
        .map(|pool| {
            let mut args = vec![
                "--user-pool-id",
                pool,
                "--max-results",
                "60",
                "--output",
                format,
            ];
            if pool.contains("_gen") {
                // aws prints one page; compare the page it prints.
                args.push("--no-paginate");
            }
            args.into_iter().map(str::to_owned).collect()
        })
        .collect()
}

fn query_cases(format: &str) -> Vec<Vec<String>> {
    QUERIES
        .iter()
        .map(|query| {
            [
                "--user-pool-id",
                "us-west-2_aaaaaaaaa",
                "--max-results",
                "20",
                "--output",
                format,
                "--query",
                query,
            ]
            .into_iter()
            .map(str::to_owned)
            .collect()
        })
        .collect()
}

#[test]
fn json_of_every_pool_matches_aws() {
    check_all(&Endpoint::start(), pool_cases("json"));
}

#[test]
fn text_of_every_pool_matches_aws() {
    check_all(&Endpoint::start(), pool_cases("text"));
}

#[test]
fn table_of_every_pool_matches_aws() {
    check_all(&Endpoint::start(), pool_cases("table"));
}

#[test]
fn queries_in_json_match_aws() {
    check_all(&Endpoint::start(), query_cases("json"));
}

#[test]
fn queries_in_text_match_aws() {
    check_all(&Endpoint::start(), query_cases("text"));
}

#[test]
fn queries_in_table_match_aws() {
    check_all(&Endpoint::start(), query_cases("table"));
}

#[test]
fn json_and_text_of_non_ascii_match_aws() {
    let endpoint = Endpoint::start();
    let cases = ["json", "text"]
        .iter()
        .map(|format| {
            [
                "--user-pool-id",
                "us-west-2_unicode",
                "--max-results",
                "60",
                "--output",
                format,
            ]
            .into_iter()
            .map(str::to_owned)
            .collect()
        })
        .collect();
    check_all(&endpoint, cases);
}

/// The one deliberate difference: aws counts East-Asian-ambiguous letters
/// such as `é` as two columns; cogimport aligns by real display width, so
/// every line of the table is equally wide.
#[test]
fn tables_with_non_ascii_align_by_display_width() {
    let endpoint = Endpoint::start();
    // Names only: the pool's messages also hold tabs and a newline, which
    // no table can keep aligned.
    let out = list(
        &endpoint,
        &[
            "--user-pool-id",
            "us-west-2_unicode",
            "--max-results",
            "60",
            "--output",
            "table",
            "--query",
            "UserImportJobs[0:3].{Name: JobName, Status: Status}",
        ],
    );
    assert_eq!(out.status, 0, "{}", out.stderr);
    assert!(
        out.stdout.contains('é') && out.stdout.contains("東京") && out.stdout.contains("🚀"),
        "{}",
        out.stdout
    );
    let widths: Vec<usize> = out.stdout.lines().map(UnicodeWidthStr::width).collect();
    assert!(widths.len() > 3);
    assert!(
        widths.iter().all(|w| *w == widths[0]),
        "line widths differ: {widths:?}\n{}",
        out.stdout
    );
}

#[test]
fn a_wide_single_object_collapses_to_key_value_rows_like_aws() {
    let endpoint = Endpoint::start();
    let (theirs, ours) = both(
        &endpoint,
        &[
            "--user-pool-id",
            "us-west-2_aaaaaaaaa",
            "--max-results",
            "20",
            "--output",
            "table",
            "--query",
            "UserImportJobs[0]",
        ],
    );
    assert!(ours.stdout.contains("|  JobName "), "{}", ours.stdout);
    assert_same("collapsed table", &theirs, &ours);
}

#[test]
fn color_on_off_and_auto_match_aws() {
    let endpoint = Endpoint::start();
    for color in ["on", "off", "auto"] {
        let (theirs, ours) = both(
            &endpoint,
            &[
                "--user-pool-id",
                "us-west-2_aaaaaaaaa",
                "--max-results",
                "20",
                "--output",
                "table",
                "--color",
                color,
            ],
        );
        assert_same(color, &theirs, &ours);
        assert_eq!(
            ours.stdout.contains('\u{1b}'),
            color == "on",
            "--color {color}"
        );
    }
    for format in ["json", "text"] {
        let (theirs, ours) = both(
            &endpoint,
            &[
                "--user-pool-id",
                "us-west-2_aaaaaaaaa",
                "--max-results",
                "20",
                "--output",
                format,
                "--color",
                "on",
            ],
        );
        assert!(!ours.stdout.contains('\u{1b}'), "{format} never colours");
        assert_same(format, &theirs, &ours);
    }
}

#[test]
fn a_bad_query_fails_before_any_request() {
    let endpoint = Endpoint::start();
    let out = list(
        &endpoint,
        &[
            "--user-pool-id",
            "us-west-2_aaaaaaaaa",
            "--max-results",
            "20",
            "--query",
            "UserImportJobs[?",
        ],
    );
    assert_eq!(out.status, 255);
    assert!(
        out.stderr
            .starts_with("\nBad value for --query UserImportJobs[?: "),
        "{:?}",
        out.stderr
    );
    assert!(endpoint.requests().is_empty(), "nothing was sent");
}

#[test]
fn the_output_format_comes_from_flag_then_environment_then_profile() {
    let endpoint = Endpoint::start();
    let args = [
        "--user-pool-id",
        "us-west-2_aaaaaaaaa",
        "--max-results",
        "20",
    ];
    let with_config = |cmd: crate::support::command::Cmd| {
        cmd.with_file(".aws/config", "[default]\noutput = table\n")
    };
    let (theirs, ours) = both_with(&endpoint, &args, with_config);
    assert!(
        ours.stdout.starts_with("---"),
        "profile output = table: {}",
        ours.stdout
    );
    assert_same("profile", &theirs, &ours);

    let (theirs, ours) = both_with(&endpoint, &args, |cmd| {
        with_config(cmd).env("AWS_DEFAULT_OUTPUT", "text")
    });
    assert!(
        ours.stdout.starts_with("USERIMPORTJOBS"),
        "environment beats profile: {}",
        ours.stdout
    );
    assert_same("environment", &theirs, &ours);

    let mut flagged = args.to_vec();
    flagged.extend(["--output", "json"]);
    let (theirs, ours) = both_with(&endpoint, &flagged, |cmd| {
        with_config(cmd).env("AWS_DEFAULT_OUTPUT", "text")
    });
    assert!(
        ours.stdout.starts_with('{'),
        "the flag beats both: {}",
        ours.stdout
    );
    assert_same("flag", &theirs, &ours);
}

#[test]
fn an_unknown_output_format_is_a_usage_error() {
    let endpoint = Endpoint::start();
    let (theirs, ours) = both(
        &endpoint,
        &[
            "--user-pool-id",
            "p_1",
            "--max-results",
            "1",
            "--output",
            "yaml",
        ],
    );
    assert_eq!((ours.status, theirs.status), (2, 2));
    assert!(
        ours.stderr.contains("--output")
            && ours.stderr.contains("json")
            && ours.stderr.contains("table"),
        "{}",
        ours.stderr
    );
}

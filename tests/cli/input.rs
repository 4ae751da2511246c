//! `--cli-input-json`, `--generate-cli-skeleton` and client-side
//! validation, compared with the real aws.

use crate::support::endpoint::Endpoint;
use crate::support::{assert_same, both, both_with};

const POOL: &str = "us-west-2_aaaaaaaaa";

#[test]
fn cli_input_json_supplies_parameters_and_flags_override_it() {
    let endpoint = Endpoint::start();
    let cases: [&[&str]; 4] = [
        &[
            "--cli-input-json",
            r#"{"UserPoolId": "us-west-2_aaaaaaaaa", "MaxResults": 20}"#,
        ],
        &[
            "--cli-input-json",
            r#"{"UserPoolId": "us-west-2_emptyPool", "MaxResults": 20}"#,
            "--user-pool-id",
            POOL,
        ],
        &[
            "--max-results",
            "2",
            "--cli-input-json",
            r#"{"UserPoolId": "us-east-1_gen10", "MaxResults": 5}"#,
            "--no-paginate",
        ],
        &[
            "--cli-input-json",
            r#"{"UserPoolId": "us-west-2_aaaaaaaaa", "MaxResults": 61}"#,
        ],
    ];
    for args in cases {
        let (theirs, ours) = both(&endpoint, args);
        assert_same(&format!("{args:?}"), &theirs, &ours);
    }
}

#[test]
fn cli_input_json_reads_files() {
    let endpoint = Endpoint::start();
    let json = r#"{"UserPoolId": "us-west-2_aaaaaaaaa", "MaxResults": 20}"#;
    for scheme in ["file://", "fileb://"] {
        let (theirs, ours) = both_with(&endpoint, &[], |cmd| {
            let path = cmd.home().join("input.json");
            let arg = format!("{scheme}{}", path.display());
            cmd.with_file("input.json", json)
                .args(["--cli-input-json", arg.as_str()])
        });
        assert_eq!(ours.status, 0, "{}", ours.stderr);
        assert_same(scheme, &theirs, &ours);
    }
}

#[test]
fn cli_input_json_errors_read_like_awss() {
    let endpoint = Endpoint::start();
    let identical: [&[&str]; 7] = [
        &["--cli-input-json", "file:///nonexistent/input.json"],
        &[
            "--cli-input-json",
            r#"{"Bogus": 1, "UserPoolId": "us-west-2_aaaaaaaaa", "MaxResults": 1}"#,
        ],
        &[
            "--cli-input-json",
            r#"{"UserPoolId": 5, "MaxResults": "x"}"#,
        ],
        &[
            "--cli-input-json",
            r#"{"UserPoolId": "us-west-2_aaaaaaaaa"}"#,
        ],
        &[
            "--cli-input-json",
            r#"{"MaxResults": 3, "PaginationToken": null}"#,
        ],
        &[
            "--cli-input-json",
            r#"{"UserPoolId": ["a", 1.5], "MaxResults": 2.0}"#,
        ],
        &[
            "--cli-input-json",
            "{}",
            "--max-results",
            "0",
            "--user-pool-id",
            "",
        ],
    ];
    for args in identical {
        let (theirs, ours) = both(&endpoint, args);
        assert_same(&format!("{args:?}"), &theirs, &ours);
    }
    // The parser's own words after the prefix are free.
    let (theirs, ours) = both(&endpoint, &["--cli-input-json", "{bad"]);
    assert_eq!((ours.status, theirs.status), (255, 255));
    let prefix = "\nError parsing parameter 'cli-input-json': Invalid JSON: ";
    assert!(
        theirs.stderr.starts_with(prefix) && ours.stderr.starts_with(prefix),
        "{:?}",
        ours.stderr
    );
    assert!(
        ours.stderr.ends_with("\nJSON received: {bad\n"),
        "{:?}",
        ours.stderr
    );
    assert!(
        endpoint
            .requests()
            .iter()
            .all(|r| r.body.as_ref().is_some_and(|b| b["MaxResults"] == 61))
    );
}

#[test]
fn client_side_validation_matches_botocore() {
    let endpoint = Endpoint::start();
    let cases: [&[&str]; 4] = [
        &["--user-pool-id", "", "--max-results", "0"],
        &["--user-pool-id", POOL, "--max-results", "-5"],
        &[
            "--user-pool-id",
            POOL,
            "--max-results",
            "3",
            "--pagination-token",
            "",
        ],
        &["--user-pool-id", POOL, "--max-results", "61"],
    ];
    for args in cases {
        let (theirs, ours) = both(&endpoint, args);
        assert_same(&format!("{args:?}"), &theirs, &ours);
    }
    let sent: Vec<_> = endpoint
        .requests()
        .iter()
        .filter_map(|r| r.body.clone())
        .collect();
    assert!(
        sent.iter().all(|b| b["MaxResults"] == 61),
        "only 61 reaches the service: {sent:?}"
    );
}

#[test]
fn a_non_integer_max_results_names_the_option_and_value() {
    let endpoint = Endpoint::start();
    let (theirs, ours) = both(&endpoint, &["--user-pool-id", POOL, "--max-results", "abc"]);
    assert_eq!((ours.status, theirs.status), (255, 255));
    assert_eq!(
        ours.stderr,
        "\nError parsing parameter '--max-results': invalid literal for int() with base 10: 'abc'\n"
    );
    assert!(endpoint.requests().is_empty());
}

#[test]
fn skeletons_match_aws_and_send_nothing() {
    let endpoint = Endpoint::start();
    let cases: [&[&str]; 7] = [
        &["--generate-cli-skeleton"],
        &["--generate-cli-skeleton", "input"],
        &[
            "--generate-cli-skeleton",
            "output",
            "--user-pool-id",
            POOL,
            "--max-results",
            "1",
        ],
        &[
            "--generate-cli-skeleton",
            "output",
            "--user-pool-id",
            POOL,
            "--max-results",
            "1",
            "--output",
            "text",
        ],
        &[
            "--generate-cli-skeleton",
            "output",
            "--user-pool-id",
            POOL,
            "--max-results",
            "1",
            "--output",
            "table",
        ],
        &[
            "--generate-cli-skeleton",
            "output",
            "--user-pool-id",
            POOL,
            "--max-results",
            "1",
            "--query",
            "UserImportJobs[0].CreationDate",
        ],
        &[
            "--generate-cli-skeleton",
            "output",
            "--user-pool-id",
            POOL,
            "--max-results",
            "0",
        ],
    ];
    for args in cases {
        let (theirs, ours) = both(&endpoint, args);
        assert_same(&format!("{args:?}"), &theirs, &ours);
    }
    let (theirs, ours) = both(&endpoint, &["--generate-cli-skeleton", "output"]);
    assert_eq!(
        (ours.status, theirs.status),
        (2, 2),
        "output needs the required options"
    );
    assert!(
        endpoint.requests().is_empty(),
        "no skeleton sends a request"
    );
}

#[test]
fn the_input_skeleton_needs_no_credentials_region_or_config() {
    let endpoint = Endpoint::start();
    let (theirs, ours) = both_with(&endpoint, &["--generate-cli-skeleton"], |cmd| {
        cmd.env_remove("AWS_ACCESS_KEY_ID")
            .env_remove("AWS_SECRET_ACCESS_KEY")
            .env_remove("AWS_DEFAULT_REGION")
    });
    assert_same("bare skeleton", &theirs, &ours);
}

#[test]
fn a_repeated_option_takes_its_last_value_as_in_aws() {
    let endpoint = Endpoint::start();
    let args = [
        "--user-pool-id",
        "us-west-2_emptyPool",
        "--max-results",
        "5",
        "--user-pool-id",
        POOL,
        "--max-results",
        "20",
        "--output",
        "text",
        "--output",
        "json",
    ];
    let (theirs, ours) = both(&endpoint, &args);
    assert_eq!(ours.status, 0, "{}", ours.stderr);
    assert!(ours.stdout.contains("Test-import-job-1"), "{}", ours.stdout);
    assert_same("repeated options", &theirs, &ours);
}

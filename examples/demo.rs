//! `cargo run --example demo`: cogimport listing import jobs with no AWS
//! account. It starts the bundled local Cognito endpoint (the one the
//! tests use, with the AWS documentation page's sample jobs) and runs the
//! real binary against it, signed with the endpoint's test keys.

#[path = "../tests/support/endpoint.rs"]
mod endpoint;

use std::process::{Command, ExitCode};

fn main() -> ExitCode {
    let endpoint = endpoint::Endpoint::start();
    let url = endpoint.url();
    let doc_pool: &[&str] = &[
        "--user-pool-id",
        "us-west-2_aaaaaaaaa",
        "--max-results",
        "20",
    ];
    let runs: [(&str, &[&str], &[&str]); 3] = [
        ("JSON, as aws prints it", doc_pool, &[]),
        (
            "a table of a projection",
            doc_pool,
            &[
                "--output",
                "table",
                "--query",
                "UserImportJobs[].{Name: JobName, Status: Status, Imported: ImportedUsers}",
            ],
        ),
        (
            "1,000 jobs over 17 pages, followed automatically, then queried",
            &["--user-pool-id", "us-east-1_gen1000", "--max-results", "60"],
            &[
                "--query",
                "{Jobs: length(UserImportJobs), Failed: length(UserImportJobs[?Status=='Failed'])}",
            ],
        ),
    ];
    for (what, pool, extra) in runs {
        println!("\n# {what}");
        let mut args = vec!["list-user-import-jobs"];
        args.extend_from_slice(pool);
        args.extend_from_slice(extra);
        args.extend(["--endpoint-url", url.as_str()]);
        println!("$ cogimport {}", args.join(" "));
        if !cogimport(&args) {
            return ExitCode::FAILURE;
        }
    }
    println!(
        "\nAgainst your own AWS account, with your usual ~/.aws setup:\n  \
         cogimport list-user-import-jobs --user-pool-id <pool-id> --max-results 60"
    );
    ExitCode::SUCCESS
}

/// Runs the binary through cargo (examples are not handed its path), in an
/// environment that uses the endpoint's test keys and none of the user's
/// own AWS settings.
fn cogimport(args: &[&str]) -> bool {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut command = Command::new(cargo);
    command
        .args(["run", "--quiet", "--bin", "cogimport", "--"])
        .args(args);
    for (name, _) in std::env::vars_os() {
        if name.to_string_lossy().starts_with("AWS_") {
            command.env_remove(name);
        }
    }
    let status = command
        .env("AWS_ACCESS_KEY_ID", endpoint::ACCESS_KEY)
        .env("AWS_SECRET_ACCESS_KEY", endpoint::SECRET_KEY)
        .env("AWS_DEFAULT_REGION", "us-west-2")
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .env("AWS_CONFIG_FILE", "/nonexistent/cogimport-demo/config")
        .env(
            "AWS_SHARED_CREDENTIALS_FILE",
            "/nonexistent/cogimport-demo/credentials",
        )
        .status();
    match status {
        Ok(status) => status.success(),
        Err(err) => {
            eprintln!("could not run cogimport: {err}");
            false
        }
    }
}

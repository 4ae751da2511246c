//! What every integration test shares: the local Cognito endpoint and the
//! sealed command builder.

pub mod command;
pub mod endpoint;
pub mod sts;

use std::thread;

use command::{Cmd, Outcome, aws, cogimport};
use endpoint::Endpoint;

/// Runs the same `list-user-import-jobs` arguments through the real `aws`
/// and through cogimport, concurrently, against `endpoint`.
pub fn both(endpoint: &Endpoint, args: &[&str]) -> (Outcome, Outcome) {
    both_with(endpoint, args, |cmd| cmd)
}

/// [`both`], with the same extra set-up (variables, files) applied to each.
pub fn both_with(
    endpoint: &Endpoint,
    args: &[&str],
    setup: impl Fn(Cmd) -> Cmd,
) -> (Outcome, Outcome) {
    let url = endpoint.url();
    let build = |cmd: Cmd| {
        setup(
            cmd.arg("list-user-import-jobs")
                .args(["--endpoint-url", url.as_str()])
                .args(args),
        )
    };
    let theirs = build(aws());
    let ours = build(cogimport());
    thread::scope(|scope| {
        let theirs = scope.spawn(|| theirs.run());
        let ours = ours.run();
        match theirs.join() {
            Ok(theirs) => (theirs, ours),
            Err(_) => panic!("running aws panicked"),
        }
    })
}

/// Asserts stdout, stderr and exit status are identical, naming the case.
pub fn assert_same(case: &str, aws: &Outcome, ours: &Outcome) {
    assert_eq!(
        (ours.status, &ours.stdout, &ours.stderr),
        (aws.status, &aws.stdout, &aws.stderr),
        "{case}: cogimport (left) differs from aws (right)"
    );
}

/// Runs cogimport's `list-user-import-jobs` against `endpoint`.
pub fn list(endpoint: &Endpoint, args: &[&str]) -> Outcome {
    cogimport()
        .arg("list-user-import-jobs")
        .args(["--endpoint-url", endpoint.url().as_str()])
        .args(args)
        .run()
}

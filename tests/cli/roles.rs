//! Assumed roles: a profile with `role_arn` and `source_profile` gets its
//! keys from STS (a local stand-in here), signs with the temporary keys and
//! sends their session token, exactly as aws does.

use crate::support::command::{ACCESS_KEY, Cmd, SECRET_KEY};
use crate::support::endpoint::{Config, Endpoint};
use crate::support::sts::{ASSUMED_ACCESS_KEY, ASSUMED_SECRET_KEY, ASSUMED_SESSION_TOKEN, Sts};
use crate::support::{assert_same, both_with};

const POOL: &str = "us-west-2_aaaaaaaaa";
const ARGS: [&str; 4] = ["--user-pool-id", POOL, "--max-results", "20"];
const ROLE: &str = "arn:aws:iam::123456789012:role/Importer";
/// Fixed, so both tools name the session alike (each has its own default).
const SESSION: &str = "cogimport-test";

/// A Cognito endpoint that accepts only the assumed role's credentials.
fn assumed_only() -> Endpoint {
    Endpoint::with(Config {
        access_key: ASSUMED_ACCESS_KEY.into(),
        secret_key: ASSUMED_SECRET_KEY.into(),
        session_token: Some(ASSUMED_SESSION_TOKEN.into()),
        ..Config::default()
    })
}

/// `importer` assumes ROLE with `base`'s static keys. No keys in the
/// environment, and STS is reached through `AWS_ENDPOINT_URL_STS`, the one
/// setting both botocore and aws-config's assume-role client read.
fn importer(cmd: Cmd, sts: &Sts) -> Cmd {
    let config = format!(
        "[profile base]\n\
         aws_access_key_id = {ACCESS_KEY}\n\
         aws_secret_access_key = {SECRET_KEY}\n\
         \n\
         [profile importer]\n\
         role_arn = {ROLE}\n\
         source_profile = base\n\
         role_session_name = {SESSION}\n\
         region = us-west-2\n"
    );
    cmd.with_file(".aws/config", &config)
        .env_remove("AWS_ACCESS_KEY_ID")
        .env_remove("AWS_SECRET_ACCESS_KEY")
        .env("AWS_ENDPOINT_URL_STS", sts.url())
}

#[test]
fn aws_profile_naming_a_role_assumes_it_through_sts() {
    assume_importer("AWS_PROFILE=importer", &ARGS, Some("importer"));
}

/// Regression: an explicit --profile once built its credentials provider
/// with no region, so the STS client for AssumeRole could not sign.
#[test]
fn an_explicit_role_profile_assumes_it_through_sts() {
    let mut args = ARGS.to_vec();
    args.extend(["--profile", "importer"]);
    assume_importer("--profile importer", &args, None);
}

/// Runs both tools as `importer` and checks the whole exchange: identical
/// output, one AssumeRole each signed by `base`'s key, and Cognito calls
/// signed only with the assumed key and its session token.
fn assume_importer(case: &str, args: &[&str], profile: Option<&str>) {
    let sts = Sts::start();
    let endpoint = assumed_only();
    let (theirs, ours) = both_with(&endpoint, args, |cmd| {
        let cmd = importer(cmd, &sts);
        match profile {
            Some(profile) => cmd.env("AWS_PROFILE", profile),
            None => cmd,
        }
    });
    assert_eq!(ours.status, 0, "{case}: {}", ours.stderr);
    assert_same(case, &theirs, &ours);

    // One AssumeRole each, signed by the source profile's key.
    let calls = sts.requests();
    assert_eq!(calls.len(), 2, "{case}: {calls:#?}");
    for call in &calls {
        assert_eq!(call.role_arn.as_deref(), Some(ROLE), "{case}");
        assert_eq!(call.session_name.as_deref(), Some(SESSION), "{case}");
        assert_eq!(call.access_key.as_deref(), Some(ACCESS_KEY), "{case}");
        assert!(call.signed, "{case}: {call:#?}");
        assert_eq!(call.session_token, None, "{case}");
    }

    // Cognito saw only the temporary key, with its session token.
    let requests = endpoint.requests();
    assert_eq!(requests.len(), 2, "{case}");
    for request in &requests {
        assert!(request.signed, "{case}: {request:#?}");
        let authorization = request.header("authorization").unwrap_or_default();
        assert!(
            authorization.contains(&format!("Credential={ASSUMED_ACCESS_KEY}/")),
            "{case}: {authorization}"
        );
        assert_eq!(
            request.header("x-amz-security-token"),
            Some(ASSUMED_SESSION_TOKEN),
            "{case}"
        );
    }
}

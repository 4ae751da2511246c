//! User pools served by the endpoint: fixture files, generated pools, pages,
//! pagination tokens and the JSON rendering of `ListUserImportJobs` responses.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::sync::{Arc, OnceLock};

use serde_json::Value;

/// One `UserImportJobType`. Absent members are `None` and are left out of the
/// response. Dates are epoch seconds; counts are `i128` so that a fixture can
/// hold values beyond the service's 64-bit longs (e.g. `u64::MAX`).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Job {
    pub job_name: Option<String>,
    pub job_id: Option<String>,
    pub user_pool_id: Option<String>,
    pub pre_signed_url: Option<String>,
    pub creation_date: Option<f64>,
    pub start_date: Option<f64>,
    pub completion_date: Option<f64>,
    pub status: Option<String>,
    pub cloud_watch_logs_role_arn: Option<String>,
    pub imported_users: Option<i128>,
    pub skipped_users: Option<i128>,
    pub failed_users: Option<i128>,
    pub completion_message: Option<String>,
}

/// Fixture files: pool id and the pool's complete `ListUserImportJobs` body.
const FIXTURES: &[(&str, &str)] = &[
    (
        "us-west-2_aaaaaaaaa",
        include_str!("../../fixtures/aws-doc-example.json"),
    ),
    (
        "us-west-2_beyondLong",
        include_str!("../../fixtures/beyond-long.json"),
    ),
    (
        "us-west-2_emptyPool",
        include_str!("../../fixtures/empty.json"),
    ),
    (
        "us-west-2_noJobsKey",
        include_str!("../../fixtures/no-jobs-key.json"),
    ),
    (
        "us-west-2_unicode",
        include_str!("../../fixtures/unicode.json"),
    ),
    (
        "us-west-2_bigCounts",
        include_str!("../../fixtures/big-counts.json"),
    ),
    (
        "us-west-2_sparse",
        include_str!("../../fixtures/sparse.json"),
    ),
];

/// Pool id whose jobs carry 1 MiB strings (generated).
pub const HUGE_POOL: &str = "us-east-1_huge1mb";
const HUGE_JOBS: usize = 3;

/// A pool's contents. `None` jobs means the service answers `{}`.
#[derive(Clone, Debug)]
pub(super) enum Pool {
    Listed(Option<Arc<Vec<Job>>>),
    Generated { id: String, len: usize },
    Huge,
}

impl Pool {
    /// Finds a pool: `extra` (from the config) first, then fixtures, then the
    /// generated families `<region>_gen<N>` and [`HUGE_POOL`].
    pub(super) fn lookup(id: &str, extra: &HashMap<String, Arc<Vec<Job>>>) -> Option<Pool> {
        if let Some(jobs) = extra.get(id) {
            return Some(Pool::Listed(Some(jobs.clone())));
        }
        if let Some(jobs) = fixtures().get(id) {
            return Some(Pool::Listed(jobs.clone()));
        }
        if id == HUGE_POOL {
            return Some(Pool::Huge);
        }
        let (_, name) = id.split_once('_')?;
        let digits = name.strip_prefix("gen")?;
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let len = digits.parse().ok()?;
        Some(Pool::Generated {
            id: id.to_string(),
            len,
        })
    }

    fn len(&self) -> usize {
        match self {
            Pool::Listed(jobs) => jobs.as_ref().map_or(0, |j| j.len()),
            Pool::Generated { len, .. } => *len,
            Pool::Huge => HUGE_JOBS,
        }
    }

    fn job(&self, index: usize) -> Job {
        match self {
            Pool::Listed(jobs) => jobs.as_ref().expect("listed pool")[index].clone(),
            Pool::Generated { id, .. } => generated_job(id, index),
            Pool::Huge => huge_job(index),
        }
    }
}

/// How the page differs from a normal one (driven by faults).
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) enum PageMode {
    Normal,
    /// Next token is the token that was sent (or the first page's own token).
    RepeatToken,
    /// 1,000 generated jobs whatever MaxResults says.
    Oversized,
}

/// Renders the page of `pool` starting at `offset`.
pub(super) fn render_page(
    pool: &Pool,
    pool_id: &str,
    max_results: usize,
    offset: usize,
    sent_token: Option<&str>,
    mode: PageMode,
) -> String {
    if matches!(pool, Pool::Listed(None)) {
        return "{}".to_string();
    }
    let end = pool.len().min(offset.saturating_add(max_results));
    let mut next = (end < pool.len()).then(|| encode_token(pool_id, max_results, end));
    let jobs: Vec<Job> = match mode {
        PageMode::Oversized => (0..1000)
            .map(|i| generated_job(pool_id, offset + i))
            .collect(),
        _ => (offset.min(end)..end).map(|i| pool.job(i)).collect(),
    };
    if mode == PageMode::RepeatToken {
        next = Some(match sent_token {
            Some(token) => token.to_string(),
            None => encode_token(pool_id, max_results, 0),
        });
    }
    let mut out = String::from("{\"UserImportJobs\":[");
    for (i, job) in jobs.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        render_job(&mut out, job);
    }
    out.push(']');
    if let Some(token) = next {
        let _ = write!(out, ",\"PaginationToken\":{}", json_string(&token));
    }
    out.push('}');
    out
}

/// Writes one job with members in the service model's order.
pub fn render_job(out: &mut String, job: &Job) {
    let mut first = true;
    let mut member = |out: &mut String, name: &str, value: String| {
        out.push_str(if first { "{" } else { "," });
        first = false;
        let _ = write!(out, "\"{name}\":{value}");
    };
    let text = |v: &Option<String>| v.as_deref().map(json_string);
    let date = |v: &Option<f64>| v.map(java_double);
    let count = |v: &Option<i128>| v.map(|n| n.to_string());
    let members = [
        ("JobName", text(&job.job_name)),
        ("JobId", text(&job.job_id)),
        ("UserPoolId", text(&job.user_pool_id)),
        ("PreSignedUrl", text(&job.pre_signed_url)),
        ("CreationDate", date(&job.creation_date)),
        ("StartDate", date(&job.start_date)),
        ("CompletionDate", date(&job.completion_date)),
        ("Status", text(&job.status)),
        (
            "CloudWatchLogsRoleArn",
            text(&job.cloud_watch_logs_role_arn),
        ),
        ("ImportedUsers", count(&job.imported_users)),
        ("SkippedUsers", count(&job.skipped_users)),
        ("FailedUsers", count(&job.failed_users)),
        ("CompletionMessage", text(&job.completion_message)),
    ];
    for (name, value) in members {
        if let Some(value) = value {
            member(out, name, value);
        }
    }
    out.push_str(if first { "{}" } else { "}" });
}

fn json_string(s: &str) -> String {
    serde_json::to_string(s).expect("strings always serialize")
}

/// Formats a double like Java's `Double.toString`, as the service does:
/// `1.548272793069E9`, `1.7E9`, `1234.5`, `0.0`.
pub fn java_double(x: f64) -> String {
    let abs = x.abs();
    if x == 0.0 || (1e-3..1e7).contains(&abs) {
        let s = format!("{x}");
        return if s.contains('.') { s } else { format!("{s}.0") };
    }
    let s = format!("{x:e}");
    let (mantissa, exponent) = s.split_once('e').expect("{:e} has an exponent");
    let mantissa = if mantissa.contains('.') {
        mantissa.to_string()
    } else {
        format!("{mantissa}.0")
    };
    format!("{mantissa}E{exponent}")
}

// ---------------------------------------------------------------- tokens --

const TOKEN_KEY: &[u8] = b"cogimport local endpoint pagination";

/// An opaque token for `offset` that is only valid for the same pool and
/// MaxResults: a MAC over (pool, MaxResults, offset) followed by the offset.
pub(super) fn encode_token(pool_id: &str, max_results: usize, offset: usize) -> String {
    format!("{}{offset:x}", token_mac(pool_id, max_results, offset))
}

/// The offset a token points at, or `None` if it was not issued for this
/// pool and MaxResults.
pub(super) fn decode_token(token: &str, pool_id: &str, max_results: usize) -> Option<usize> {
    let mac = token.get(..32)?;
    let offset = usize::from_str_radix(token.get(32..)?, 16).ok()?;
    (token_mac(pool_id, max_results, offset) == mac).then_some(offset)
}

fn token_mac(pool_id: &str, max_results: usize, offset: usize) -> String {
    let message = format!("{pool_id}\n{max_results}\n{offset}");
    let mut mac = aws_sigv4::sign::v4::calculate_signature(TOKEN_KEY, message.as_bytes());
    mac.truncate(32);
    mac
}

// -------------------------------------------------------------- fixtures --

fn fixtures() -> &'static HashMap<&'static str, Option<Arc<Vec<Job>>>> {
    static FIXTURE_POOLS: OnceLock<HashMap<&'static str, Option<Arc<Vec<Job>>>>> = OnceLock::new();
    FIXTURE_POOLS.get_or_init(|| {
        FIXTURES
            .iter()
            .map(|(id, text)| {
                let body: Value = serde_json::from_str(text)
                    .unwrap_or_else(|e| panic!("fixture for {id} is not JSON: {e}"));
                let jobs = body["UserImportJobs"]
                    .as_array()
                    .map(|jobs| Arc::new(jobs.iter().map(job_from_json).collect()));
                (*id, jobs)
            })
            .collect()
    })
}

fn job_from_json(v: &Value) -> Job {
    let text = |k: &str| v.get(k).and_then(Value::as_str).map(str::to_string);
    let date = |k: &str| v.get(k).and_then(Value::as_f64);
    let count = |k: &str| {
        let n = v.get(k)?;
        n.as_i64().map(i128::from).or(n.as_u64().map(i128::from))
    };
    Job {
        job_name: text("JobName"),
        job_id: text("JobId"),
        user_pool_id: text("UserPoolId"),
        pre_signed_url: text("PreSignedUrl"),
        creation_date: date("CreationDate"),
        start_date: date("StartDate"),
        completion_date: date("CompletionDate"),
        status: text("Status"),
        cloud_watch_logs_role_arn: text("CloudWatchLogsRoleArn"),
        imported_users: count("ImportedUsers"),
        skipped_users: count("SkippedUsers"),
        failed_users: count("FailedUsers"),
        completion_message: text("CompletionMessage"),
    }
}

// ------------------------------------------------------------- generated --

const STATUSES: [&str; 8] = [
    "Created",
    "Pending",
    "InProgress",
    "Stopping",
    "Expired",
    "Stopped",
    "Failed",
    "Succeeded",
];

/// splitmix64: a deterministic hash of the job index.
fn mix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}

/// Epoch seconds with millisecond precision, as an exact decimal double.
fn millis(ms: u64) -> f64 {
    ms as f64 / 1000.0
}

/// Job `index` of a generated pool: same inputs, same job, every time.
pub fn generated_job(pool_id: &str, index: usize) -> Job {
    let h = mix(index as u64);
    let status = STATUSES[(h % 8) as usize];
    // Every fifth date is on a whole second, to exercise `1.5E9`-style text.
    let ms = match h % 5 {
        0 => 0,
        _ => (h >> 8) % 1000,
    };
    let created = (1_500_000_000 + index as u64 * 3_600 + (h >> 20) % 3_600) * 1000 + ms;
    let started = created + 30_000 + (h >> 32) % 60_000;
    let completed = started + 1_000 + (h >> 40) % 600_000;
    let job_id = format!("import-{:010x}", h >> 24);
    let (start, completion, message) = match status {
        "Created" | "Pending" => (None, None, None),
        "InProgress" | "Stopping" => (Some(started), None, None),
        "Expired" => (
            None,
            Some(completed),
            Some("The user import job has expired."),
        ),
        "Stopped" => (Some(started), Some(completed), Some("Job stopped by user.")),
        "Failed" => (
            Some(started),
            Some(completed),
            Some("Too many users have failed or been skipped during the import."),
        ),
        _ => (
            Some(started),
            Some(completed),
            Some("Import Job Completed Successfully."),
        ),
    };
    let done = completion.is_some();
    Job {
        job_name: Some(format!("gen-job-{index:06}")),
        job_id: Some(job_id.clone()),
        user_pool_id: Some(pool_id.to_string()),
        pre_signed_url: Some(format!(
            "https://aws-cognito-idp-user-import-pdx.s3.us-west-2.amazonaws.com/123456789012/{pool_id}/{job_id}?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Date=20241226T193341Z&X-Amz-Expires=899&X-Amz-Signature={:016x}",
            mix(h)
        )),
        creation_date: Some(millis(created)),
        start_date: start.map(millis),
        completion_date: completion.map(millis),
        status: Some(status.to_string()),
        cloud_watch_logs_role_arn: Some(
            "arn:aws:iam::123456789012:role/service-role/Cognito-UserImport-Role".to_string(),
        ),
        imported_users: Some(if done {
            ((h >> 12) % 100_000) as i128
        } else {
            0
        }),
        skipped_users: Some(if done { ((h >> 16) % 50) as i128 } else { 0 }),
        failed_users: Some(if done { ((h >> 18) % 10) as i128 } else { 0 }),
        completion_message: message.map(str::to_string),
    }
}

/// A job of [`HUGE_POOL`]: 1 MiB in JobName, PreSignedUrl and CompletionMessage.
fn huge_job(index: usize) -> Job {
    static MIB: OnceLock<String> = OnceLock::new();
    let mib = MIB.get_or_init(|| "0123456789abcdef".repeat(65_536));
    Job {
        job_name: Some(format!("{index}-{mib}")),
        pre_signed_url: Some(format!("https://example.invalid/{mib}")),
        completion_message: Some(mib.clone()),
        ..generated_job(HUGE_POOL, index)
    }
}

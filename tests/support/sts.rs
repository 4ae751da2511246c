//! A local STS stand-in answering `AssumeRole`, so profiles with `role_arn`
//! and `source_profile` can be exercised without reaching AWS.
//!
//! A loopback HTTP/1.1 server (hyper) speaking the query protocol for
//! `AssumeRole` only. It verifies each request's SigV4 signature against the
//! source profile's keys, answers with fixed temporary credentials and
//! records what it saw, so a test can tell whose key asked for the role.
//!
//! ```ignore
//! let sts = Sts::start();
//! // point AWS_ENDPOINT_URL_STS at sts.url(), run the client ...
//! assert_eq!(sts.requests()[0].access_key.as_deref(), Some(ACCESS_KEY));
//! ```
#![allow(dead_code)]

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use aws_credential_types::Credentials;
use aws_sigv4::http_request::{
    SessionTokenMode, SignableBody, SignableRequest, SigningSettings, sign,
};
use http::request::Parts;
use http::{Request, Response};
use http_body_util::{BodyExt, Full};
use hyper::body::{Bytes, Incoming};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use tokio::sync::oneshot;

use super::command::{ACCESS_KEY, SECRET_KEY};

/// The temporary credentials every successful `AssumeRole` hands out.
pub const ASSUMED_ACCESS_KEY: &str = "ASIATESTASSUMEDROLE1";
pub const ASSUMED_SECRET_KEY: &str = "assumedRoleSecretKeyForLocalTestsOnly0000";
pub const ASSUMED_SESSION_TOKEN: &str = "FwoGZXIvYXdzEAssumedRoleSessionTokenForLocalTests";
/// Far enough ahead that neither client ever thinks the credentials are
/// about to expire and asks again mid-run.
pub const EXPIRATION: &str = "2099-01-01T00:00:00Z";

/// One request as the stand-in saw it.
#[derive(Clone, Debug)]
pub struct AssumeRoleCall {
    /// The form's `Action` (anything but `AssumeRole` is refused).
    pub action: Option<String>,
    pub role_arn: Option<String>,
    pub session_name: Option<String>,
    /// The access key named in the `Authorization` header, if any.
    pub access_key: Option<String>,
    /// The region of the SigV4 credential scope, if any.
    pub region: Option<String>,
    /// The signature verified against the source keys.
    pub signed: bool,
    /// The request carried `X-Amz-Security-Token` (source keys have none).
    pub session_token: Option<String>,
}

/// A running stand-in; it stops when dropped.
pub struct Sts {
    addr: SocketAddr,
    calls: Arc<Mutex<Vec<AssumeRoleCall>>>,
    shutdown: Option<oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl Sts {
    /// Binds a free loopback port and serves on its own thread and runtime.
    pub fn start() -> Sts {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind the local STS");
        listener
            .set_nonblocking(true)
            .expect("non-blocking listener");
        let addr = listener.local_addr().expect("local address");
        let calls = Arc::new(Mutex::new(Vec::new()));
        let (shutdown, stop) = oneshot::channel();
        let thread_calls = calls.clone();
        let thread = std::thread::Builder::new()
            .name("local-sts".to_string())
            .spawn(move || serve(listener, thread_calls, stop))
            .expect("spawn the STS thread");
        Sts {
            addr,
            calls,
            shutdown: Some(shutdown),
            thread: Some(thread),
        }
    }

    /// `http://127.0.0.1:PORT`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Every request seen so far, in order of completion.
    pub fn requests(&self) -> Vec<AssumeRoleCall> {
        self.calls.lock().expect("calls lock").clone()
    }
}

impl Drop for Sts {
    fn drop(&mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

fn serve(
    listener: std::net::TcpListener,
    calls: Arc<Mutex<Vec<AssumeRoleCall>>>,
    mut stop: oneshot::Receiver<()>,
) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("STS runtime");
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::from_std(listener).expect("tokio listener");
        loop {
            let stream = tokio::select! {
                _ = &mut stop => return,
                accepted = listener.accept() => match accepted {
                    Ok((stream, _)) => stream,
                    Err(_) => continue,
                },
            };
            let calls = calls.clone();
            tokio::spawn(async move {
                let service = service_fn(move |request| handle(calls.clone(), request));
                let _ = http1::Builder::new()
                    .serve_connection(TokioIo::new(stream), service)
                    .await;
            });
        }
    });
}

async fn handle(
    calls: Arc<Mutex<Vec<AssumeRoleCall>>>,
    request: Request<Incoming>,
) -> Result<Response<Full<Bytes>>, hyper::Error> {
    let (parts, body) = request.into_parts();
    let body = body.collect().await?.to_bytes();
    let form = parse_form(&String::from_utf8_lossy(&body));
    let field = |name: &str| {
        form.iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.clone())
    };
    let authorization = parts
        .headers
        .get(http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(parse_authorization);
    let session_token = parts
        .headers
        .get("x-amz-security-token")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let signed = authorization
        .as_ref()
        .is_some_and(|auth| verifies(auth, &parts, &body, session_token.clone()));
    let call = AssumeRoleCall {
        action: field("Action"),
        role_arn: field("RoleArn"),
        session_name: field("RoleSessionName"),
        access_key: authorization.as_ref().map(|a| a.access_key.clone()),
        region: authorization.as_ref().map(|a| a.region.clone()),
        signed,
        session_token,
    };
    let (status, xml) = answer(&call);
    calls.lock().expect("calls lock").push(call);
    Ok(Response::builder()
        .status(status)
        .header("content-type", "text/xml")
        .header("x-amzn-RequestId", "11111111-2222-4333-8444-555555555555")
        .body(Full::new(Bytes::from(xml)))
        .expect("valid response"))
}

/// The status and XML body for one call: credentials when the source keys
/// signed a well-formed AssumeRole, STS's own error shapes otherwise.
fn answer(call: &AssumeRoleCall) -> (u16, String) {
    if call.action.as_deref() != Some("AssumeRole") {
        return error(400, "InvalidAction", "Only AssumeRole is served here.");
    }
    if call.access_key.as_deref() != Some(ACCESS_KEY) {
        return error(
            403,
            "InvalidClientTokenId",
            "The security token included in the request is invalid.",
        );
    }
    if !call.signed {
        return error(
            403,
            "SignatureDoesNotMatch",
            "The request signature we calculated does not match the signature you provided.",
        );
    }
    let (Some(role_arn), Some(session)) = (&call.role_arn, &call.session_name) else {
        return error(
            400,
            "ValidationError",
            "RoleArn and RoleSessionName are required.",
        );
    };
    // arn:aws:iam::ACCOUNT:role/NAME → arn:aws:sts::ACCOUNT:assumed-role/NAME/SESSION;
    // the Rust SDK reads the account id back out of this ARN.
    let account = role_arn.split(':').nth(4).unwrap_or("123456789012");
    let role = role_arn.rsplit('/').next().unwrap_or("role");
    let body = format!(
        r#"<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <AssumeRoleResult>
    <AssumedRoleUser>
      <AssumedRoleId>AROATESTASSUMEDROLE01:{session}</AssumedRoleId>
      <Arn>arn:aws:sts::{account}:assumed-role/{role}/{session}</Arn>
    </AssumedRoleUser>
    <Credentials>
      <AccessKeyId>{ASSUMED_ACCESS_KEY}</AccessKeyId>
      <SecretAccessKey>{ASSUMED_SECRET_KEY}</SecretAccessKey>
      <SessionToken>{ASSUMED_SESSION_TOKEN}</SessionToken>
      <Expiration>{EXPIRATION}</Expiration>
    </Credentials>
  </AssumeRoleResult>
  <ResponseMetadata>
    <RequestId>11111111-2222-4333-8444-555555555555</RequestId>
  </ResponseMetadata>
</AssumeRoleResponse>
"#,
        session = xml_escape(session),
        account = xml_escape(account),
        role = xml_escape(role),
    );
    (200, body)
}

fn error(status: u16, code: &str, message: &str) -> (u16, String) {
    let body = format!(
        r#"<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <Error>
    <Type>Sender</Type>
    <Code>{code}</Code>
    <Message>{message}</Message>
  </Error>
  <RequestId>11111111-2222-4333-8444-555555555555</RequestId>
</ErrorResponse>
"#
    );
    (status, body)
}

fn xml_escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// Decodes an `application/x-www-form-urlencoded` body: `+` is a space and
/// `%XX` a byte. No dev-dependency offers this, and the query protocol
/// needs nothing more.
fn parse_form(body: &str) -> Vec<(String, String)> {
    body.split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            (percent_decode(key), percent_decode(value))
        })
        .collect()
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' => match text
                .get(i + 1..i + 3)
                .map(|hex| u8::from_str_radix(hex, 16))
            {
                Some(Ok(byte)) => {
                    out.push(byte);
                    i += 2;
                }
                _ => out.push(b'%'),
            },
            other => out.push(other),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The parts of `AWS4-HMAC-SHA256 Credential=AKID/DATE/REGION/SERVICE/aws4_request,
/// SignedHeaders=a;b, Signature=hex` the check needs.
struct Authorization {
    access_key: String,
    region: String,
    service: String,
    signed_headers: Vec<String>,
    signature: String,
}

fn parse_authorization(header: &str) -> Option<Authorization> {
    let rest = header.strip_prefix("AWS4-HMAC-SHA256 ")?;
    let (mut credential, mut signed_headers, mut signature) = (None, None, None);
    for part in rest.split(',') {
        match part.trim().split_once('=')? {
            ("Credential", value) => credential = Some(value),
            ("SignedHeaders", value) => signed_headers = Some(value),
            ("Signature", value) => signature = Some(value),
            _ => {}
        }
    }
    let scope: Vec<&str> = credential?.split('/').collect();
    let [access_key, _date, region, service, "aws4_request"] = scope[..] else {
        return None;
    };
    Some(Authorization {
        access_key: access_key.to_owned(),
        region: region.to_owned(),
        service: service.to_owned(),
        signed_headers: signed_headers?
            .split(';')
            .map(str::to_ascii_lowercase)
            .collect(),
        signature: signature?.to_owned(),
    })
}

/// Signs the request again with the source profile's secret, over exactly
/// the headers the client listed, and compares. Only the source keys may
/// assume the role, so those are the only keys checked.
fn verifies(auth: &Authorization, parts: &Parts, body: &[u8], token: Option<String>) -> bool {
    if auth.access_key != ACCESS_KEY || auth.service != "sts" {
        return false;
    }
    let Some(time) = parts
        .headers
        .get("x-amz-date")
        .and_then(|v| v.to_str().ok())
        .and_then(parse_amz_date)
    else {
        return false;
    };
    let mut headers = Vec::new();
    for name in &auth.signed_headers {
        for value in parts.headers.get_all(name.as_str()) {
            let Ok(value) = value.to_str() else {
                return false;
            };
            headers.push((name.as_str(), value));
        }
    }
    let host = parts
        .headers
        .get(http::header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("localhost");
    let path = parts.uri.path_and_query().map_or("/", |p| p.as_str());
    let identity = Credentials::new(ACCESS_KEY, SECRET_KEY, token, None, "local-sts").into();
    let mut settings = SigningSettings::default();
    settings.excluded_headers = None;
    if !auth
        .signed_headers
        .iter()
        .any(|h| h == "x-amz-security-token")
    {
        settings.session_token_mode = SessionTokenMode::Exclude;
    }
    let Ok(params) = aws_sigv4::sign::v4::SigningParams::builder()
        .identity(&identity)
        .region(&auth.region)
        .name(&auth.service)
        .time(time)
        .settings(settings)
        .build()
    else {
        return false;
    };
    let Ok(request) = SignableRequest::new(
        parts.method.as_str(),
        format!("http://{host}{path}"),
        headers.into_iter(),
        SignableBody::Bytes(body),
    ) else {
        return false;
    };
    sign(request, &params.into())
        .map(|signed| signed.into_parts().1 == auth.signature)
        .unwrap_or(false)
}

/// Parses `20150830T123600Z`.
fn parse_amz_date(s: &str) -> Option<SystemTime> {
    if s.len() != 16 || s.get(8..9) != Some("T") || s.get(15..) != Some("Z") {
        return None;
    }
    let field = |from: usize, to: usize| s.get(from..to)?.parse::<i64>().ok();
    let (year, month, day) = (field(0, 4)?, field(4, 6)?, field(6, 8)?);
    let (hour, minute, second) = (field(9, 11)?, field(11, 13)?, field(13, 15)?);
    // Days since 1970-01-01 (H. Hinnant's days_from_civil).
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let year_of_era = y - era * 400;
    let day_of_year = (153 * ((month + 9) % 12) + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    let days = era * 146_097 + day_of_era - 719_468;
    let secs = days * 86_400 + hour * 3_600 + minute * 60 + second;
    Some(UNIX_EPOCH + Duration::from_secs(u64::try_from(secs).ok()?))
}

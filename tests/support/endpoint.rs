//! A local Cognito Identity Provider endpoint for tests, benchmarks and demos.
//!
//! A loopback HTTP/1.1 server (hyper) speaking the JSON 1.1 protocol for
//! `ListUserImportJobs` only: it verifies SigV4 signatures against test
//! credentials, validates input like the service, paginates with opaque
//! tokens, records every request and injects faults on demand.
//!
//! ```ignore
//! let endpoint = Endpoint::start();          // fixture pools, signing required
//! // run the client against endpoint.url() ...
//! assert_eq!(endpoint.requests()[0].status, Some(200));
//! ```
//!
//! Pools: see `endpoint/pools.rs` and `tests/fixtures/README.md`.
#![allow(dead_code, unused_imports)]

#[path = "endpoint/faults.rs"]
mod faults;
#[path = "endpoint/operation.rs"]
mod operation;
#[path = "endpoint/pools.rs"]
mod pools;
#[path = "endpoint/sigv4.rs"]
mod sigv4;
#[path = "endpoint/tls.rs"]
mod tls;

use std::collections::HashMap;
use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::thread::JoinHandle;
use std::time::Duration;

use http::{Request, Response};
use http_body_util::BodyExt;
use hyper::body::{Body, Bytes, Frame, Incoming, SizeHint};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use serde_json::Value;
use tokio::sync::oneshot;

pub use faults::{Fault, FaultPlan};
pub use pools::{HUGE_POOL, Job, generated_job, java_double, render_job};
pub use tls::TestCa;

/// The only operation served.
pub const TARGET: &str = "AWSCognitoIdentityProviderService.ListUserImportJobs";
/// Test credentials (the AWS documentation's example keys).
pub const ACCESS_KEY: &str = "AKIDEXAMPLE";
pub const SECRET_KEY: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

/// How an [`Endpoint`] behaves.
#[derive(Clone, Debug)]
pub struct Config {
    /// Accept requests without an `Authorization` header (signed ones are
    /// still verified).
    pub allow_unsigned: bool,
    pub access_key: String,
    pub secret_key: String,
    /// The `X-Amz-Security-Token` every request must carry (`None`: none may).
    pub session_token: Option<String>,
    pub faults: FaultPlan,
    /// Pools served in addition to (and before) the fixtures.
    pub extra_pools: Vec<(String, Vec<Job>)>,
    /// Port on 127.0.0.1; 0 picks a free one.
    pub port: u16,
    /// Serve HTTPS with this CA's server certificate (`None`: plain HTTP).
    pub tls: Option<TestCa>,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            allow_unsigned: false,
            access_key: ACCESS_KEY.to_string(),
            secret_key: SECRET_KEY.to_string(),
            session_token: None,
            faults: FaultPlan::none(),
            extra_pools: Vec::new(),
            port: 0,
            tls: None,
        }
    }
}

/// One request as the endpoint saw it.
#[derive(Clone, Debug)]
pub struct Recorded {
    /// 0-based order of arrival (the index fault plans match on).
    pub index: usize,
    /// Which connection carried it (0-based order of acceptance).
    pub connection: u64,
    pub method: String,
    pub path: String,
    /// Header names lower-cased, in arrival order.
    pub headers: Vec<(String, String)>,
    /// The body parsed as JSON (`None` if it is not JSON).
    pub body: Option<Value>,
    /// Region of the SigV4 credential scope, when there was one.
    pub region: Option<String>,
    /// The request carried a valid signature.
    pub signed: bool,
    pub fault: Option<Fault>,
    /// Status answered; `None` when the connection was dropped before any.
    pub status: Option<u16>,
    /// The `x-amzn-RequestId` sent back.
    pub request_id: String,
}

impl Recorded {
    /// The first value of a header (name in any case).
    pub fn header(&self, name: &str) -> Option<&str> {
        let name = name.to_ascii_lowercase();
        self.headers
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// A running endpoint; it stops when dropped.
pub struct Endpoint {
    addr: SocketAddr,
    state: Arc<State>,
    shutdown: Option<oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

struct State {
    config: Config,
    extra_pools: HashMap<String, Arc<Vec<Job>>>,
    next_request: AtomicUsize,
    next_connection: AtomicU64,
    requests: Mutex<Vec<Recorded>>,
}

impl Endpoint {
    /// Default config: fixture pools, signed requests required.
    pub fn start() -> Endpoint {
        Endpoint::with(Config::default())
    }

    /// Binds 127.0.0.1 and serves on a background thread with its own runtime.
    pub fn with(config: Config) -> Endpoint {
        let listener = std::net::TcpListener::bind(("127.0.0.1", config.port))
            .expect("bind the local endpoint");
        listener
            .set_nonblocking(true)
            .expect("non-blocking listener");
        let addr = listener.local_addr().expect("local address");
        let extra_pools = config
            .extra_pools
            .iter()
            .map(|(id, jobs)| (id.clone(), Arc::new(jobs.clone())))
            .collect();
        let state = Arc::new(State {
            config,
            extra_pools,
            next_request: AtomicUsize::new(0),
            next_connection: AtomicU64::new(0),
            requests: Mutex::new(Vec::new()),
        });
        let (shutdown, stop) = oneshot::channel();
        let thread_state = state.clone();
        let acceptor = state.config.tls.as_ref().map(TestCa::acceptor);
        let thread = std::thread::Builder::new()
            .name("local-cognito".to_string())
            .spawn(move || serve(listener, thread_state, acceptor, stop))
            .expect("spawn the endpoint thread");
        Endpoint {
            addr,
            state,
            shutdown: Some(shutdown),
            thread: Some(thread),
        }
    }

    /// `http://127.0.0.1:PORT`, or `https://` when serving TLS.
    pub fn url(&self) -> String {
        let scheme = if self.state.config.tls.is_some() {
            "https"
        } else {
            "http"
        };
        format!("{scheme}://{}", self.addr)
    }

    /// The PEM of the CA that signed the server certificate, when serving TLS.
    pub fn ca_pem(&self) -> Option<&str> {
        self.state.config.tls.as_ref().map(|ca| ca.ca_pem.as_str())
    }

    /// Every request seen so far, in order of arrival.
    pub fn requests(&self) -> Vec<Recorded> {
        let mut requests = self.state.requests.lock().expect("requests lock").clone();
        requests.sort_by_key(|r| r.index);
        requests
    }
}

impl Drop for Endpoint {
    fn drop(&mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// Accept loop. Each connection is its own task, so a delayed answer holds
/// up nobody else. Dropping the runtime at the end closes every connection.
/// With `tls`, each connection's handshake runs in its own task too, so a
/// client that rejects the certificate holds up nobody else.
fn serve(
    listener: std::net::TcpListener,
    state: Arc<State>,
    tls: Option<tokio_rustls::TlsAcceptor>,
    mut stop: oneshot::Receiver<()>,
) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("endpoint runtime");
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
            let connection = state.next_connection.fetch_add(1, Ordering::SeqCst);
            let state = state.clone();
            let tls = tls.clone();
            tokio::spawn(async move {
                let service = service_fn(move |request| handle(state.clone(), connection, request));
                let mut http = http1::Builder::new();
                http.keep_alive(true);
                match tls {
                    None => {
                        let _ = http.serve_connection(TokioIo::new(stream), service).await;
                    }
                    Some(acceptor) => {
                        if let Ok(stream) = acceptor.accept(stream).await {
                            let _ = http.serve_connection(TokioIo::new(stream), service).await;
                        }
                    }
                }
            });
        }
    });
}

/// What to do with one request.
enum Outcome {
    Answer { status: u16, body: String },
    DropBeforeResponse,
    DropMidBody { status: u16, body: String },
}

/// Returned to hyper to make it close the connection without answering.
#[derive(Debug)]
struct DropConnection;

impl std::fmt::Display for DropConnection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("fault: connection dropped")
    }
}

impl std::error::Error for DropConnection {}

async fn handle(
    state: Arc<State>,
    connection: u64,
    request: Request<Incoming>,
) -> Result<Response<Payload>, DropConnection> {
    let index = state.next_request.fetch_add(1, Ordering::SeqCst);
    let request_id = format!("00000000-0000-4000-8000-{index:012x}");
    let (parts, body) = request.into_parts();
    let body = body.collect().await.map_err(|_| DropConnection)?.to_bytes();
    let json: Option<Value> = serde_json::from_slice(&body).ok();
    let auth = sigv4::check(&state.config, &parts, &body);
    let fault = state.config.faults.fault_for(index);

    let outcome = match &fault {
        Some(Fault::Throttle) => error_outcome(ApiError::new(
            400,
            "TooManyRequestsException",
            "Too many requests",
        )),
        Some(Fault::Status(503)) => error_outcome(ApiError::new(
            503,
            "ServiceUnavailable",
            "Service Unavailable",
        )),
        Some(Fault::Status(status)) => error_outcome(ApiError::new(
            *status,
            "InternalErrorException",
            "Internal server error.",
        )),
        Some(Fault::RawBody(raw)) => Outcome::Answer {
            status: 200,
            body: raw.clone(),
        },
        Some(Fault::DropBeforeResponse) => Outcome::DropBeforeResponse,
        Some(Fault::DropMidBody) => {
            match operation::answer(&state, &auth, &parts, json.as_ref(), None) {
                Outcome::Answer { status, body } => Outcome::DropMidBody { status, body },
                other => other,
            }
        }
        Some(Fault::Delay(delay)) => {
            tokio::time::sleep(*delay).await;
            operation::answer(&state, &auth, &parts, json.as_ref(), None)
        }
        other => operation::answer(&state, &auth, &parts, json.as_ref(), other.as_ref()),
    };

    let status = match &outcome {
        Outcome::Answer { status, .. } | Outcome::DropMidBody { status, .. } => Some(*status),
        Outcome::DropBeforeResponse => None,
    };
    state
        .requests
        .lock()
        .expect("requests lock")
        .push(Recorded {
            index,
            connection,
            method: parts.method.to_string(),
            path: parts.uri.path().to_string(),
            headers: parts
                .headers
                .iter()
                .map(|(n, v)| {
                    (
                        n.as_str().to_string(),
                        String::from_utf8_lossy(v.as_bytes()).into_owned(),
                    )
                })
                .collect(),
            body: json,
            region: auth.region,
            signed: auth.signed,
            fault,
            status,
            request_id: request_id.clone(),
        });

    let (status, body, truncate) = match outcome {
        Outcome::DropBeforeResponse => return Err(DropConnection),
        Outcome::Answer { status, body } => (status, body, false),
        Outcome::DropMidBody { status, body } => (status, body, true),
    };
    let length = body.len();
    let payload = if truncate {
        let half = Bytes::from(body).slice(..length / 2);
        Payload {
            chunk: Some(half),
            fail_after: Some(Box::pin(tokio::time::sleep(Duration::from_millis(100)))),
            length: None,
        }
    } else {
        Payload {
            chunk: Some(Bytes::from(body)),
            fail_after: None,
            length: Some(length as u64),
        }
    };
    Ok(Response::builder()
        .status(status)
        .header("content-type", "application/x-amz-json-1.1")
        .header("x-amzn-RequestId", request_id)
        .header("content-length", length)
        .body(payload)
        .expect("valid response"))
}

/// A service error: `{"__type": kind, "message": message}` with `status`.
#[derive(Clone, Debug)]
struct ApiError {
    status: u16,
    kind: &'static str,
    message: String,
}

impl ApiError {
    fn new(status: u16, kind: &'static str, message: &str) -> ApiError {
        ApiError {
            status,
            kind,
            message: message.to_string(),
        }
    }
    fn invalid_parameter(message: &str) -> ApiError {
        ApiError::new(400, "InvalidParameterException", message)
    }
    fn missing_authentication() -> ApiError {
        ApiError::new(
            400,
            "MissingAuthenticationTokenException",
            "Missing Authentication Token",
        )
    }
    fn unrecognized_client() -> ApiError {
        ApiError::new(
            400,
            "UnrecognizedClientException",
            "The security token included in the request is invalid.",
        )
    }
    fn incomplete_signature(message: &str) -> ApiError {
        ApiError::new(400, "IncompleteSignatureException", message)
    }
    fn invalid_signature(message: &str) -> ApiError {
        ApiError::new(400, "InvalidSignatureException", message)
    }
    fn signature_mismatch() -> ApiError {
        ApiError::invalid_signature(
            "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.",
        )
    }
}

fn error_outcome(error: ApiError) -> Outcome {
    let body = serde_json::json!({"__type": error.kind, "message": error.message}).to_string();
    Outcome::Answer {
        status: error.status,
        body,
    }
}

/// A response body sent as one chunk. With `fail_after`, the body then
/// pauses (so hyper flushes what it has) and fails, which makes hyper close
/// the connection short of the Content-Length.
struct Payload {
    chunk: Option<Bytes>,
    fail_after: Option<Pin<Box<tokio::time::Sleep>>>,
    length: Option<u64>,
}

impl Body for Payload {
    type Data = Bytes;
    type Error = io::Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, io::Error>>> {
        let this = self.get_mut();
        if let Some(chunk) = this.chunk.take() {
            return Poll::Ready(Some(Ok(Frame::data(chunk))));
        }
        if let Some(pause) = this.fail_after.as_mut() {
            if pause.as_mut().poll(cx).is_pending() {
                return Poll::Pending;
            }
            this.fail_after = None;
            return Poll::Ready(Some(Err(io::Error::other("fault: dropped mid-body"))));
        }
        Poll::Ready(None)
    }

    fn size_hint(&self) -> SizeHint {
        self.length
            .map_or_else(SizeHint::default, SizeHint::with_exact)
    }
}

//! The `--no-verify-ssl` client. The SDK has no switch for turning
//! certificate checks off, so this one is assembled from hyper, hyper-rustls
//! and rustls, and is only ever built when the flag is given.

use std::collections::HashSet;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::Duration;

use aws_smithy_runtime_api::client::http::{
    HttpClient, HttpConnector, HttpConnectorFuture, HttpConnectorSettings, SharedHttpClient,
    SharedHttpConnector,
};
use aws_smithy_runtime_api::client::orchestrator::{HttpRequest, HttpResponse};
use aws_smithy_runtime_api::client::result::ConnectorError;
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_types::body::SdkBody;
use aws_smithy_types::retry::ErrorKind;
use hyper::Uri;
use hyper_rustls::HttpsConnector;
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector as TcpConnector;
use hyper_util::rt::{TokioExecutor, TokioTimer};
use rustls::DigitallySignedStruct;
use rustls::SignatureScheme;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::CryptoProvider;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};

use super::chain;

/// The client, or rustls's reason it cannot be configured.
pub(super) fn client() -> Result<SharedHttpClient, rustls::Error> {
    Ok(SharedHttpClient::new(InsecureClient {
        config: insecure_config()?,
        connectors: Mutex::default(),
        warned: Warned::default(),
    }))
}

/// hyper over rustls with a verifier that accepts any certificate.
#[derive(Debug)]
struct InsecureClient {
    config: rustls::ClientConfig,
    /// One connector per timeout pair, so every page of a run reuses the
    /// same connection pool.
    connectors: Mutex<Vec<(Timeouts, SharedHttpConnector)>>,
    warned: Warned,
}

type Timeouts = (Option<Duration>, Option<Duration>);

impl HttpClient for InsecureClient {
    fn http_connector(
        &self,
        settings: &HttpConnectorSettings,
        _components: &RuntimeComponents,
    ) -> SharedHttpConnector {
        let key = (settings.connect_timeout(), settings.read_timeout());
        let mut connectors = match self.connectors.lock() {
            Ok(connectors) => connectors,
            Err(poisoned) => poisoned.into_inner(),
        };
        if let Some((_, connector)) = connectors.iter().find(|(k, _)| *k == key) {
            return connector.clone();
        }
        let connector = SharedHttpConnector::new(InsecureConnector::new(
            self.config.clone(),
            key,
            self.warned.clone(),
        ));
        connectors.push((key, connector.clone()));
        connector
    }
}

#[derive(Debug)]
struct InsecureConnector {
    client: Client<WarnOnConnect<HttpsConnector<TcpConnector>>, SdkBody>,
    read_timeout: Option<Duration>,
}

impl InsecureConnector {
    fn new(
        config: rustls::ClientConfig,
        (connect_timeout, read_timeout): Timeouts,
        warned: Warned,
    ) -> InsecureConnector {
        let mut tcp = TcpConnector::new();
        tcp.enforce_http(false);
        tcp.set_nodelay(true);
        tcp.set_connect_timeout(connect_timeout);
        let https = hyper_rustls::HttpsConnectorBuilder::new()
            .with_tls_config(config)
            .https_or_http()
            .enable_http1()
            .wrap_connector(tcp);
        let client = Client::builder(TokioExecutor::new())
            .pool_timer(TokioTimer::new())
            .build(WarnOnConnect {
                inner: https,
                warned,
            });
        InsecureConnector {
            client,
            read_timeout,
        }
    }
}

impl HttpConnector for InsecureConnector {
    fn call(&self, request: HttpRequest) -> HttpConnectorFuture {
        let request = match request.try_into_http1x() {
            Ok(request) => request,
            Err(err) => return HttpConnectorFuture::ready(Err(ConnectorError::user(err.into()))),
        };
        let sent = self.client.request(request);
        let read_timeout = self.read_timeout;
        HttpConnectorFuture::new(async move {
            // As in the SDK's client: the read timeout covers the wait for
            // the response head.
            let answered = match read_timeout {
                Some(limit) => match tokio::time::timeout(limit, sent).await {
                    Ok(answered) => answered,
                    Err(elapsed) => return Err(ConnectorError::timeout(elapsed.into())),
                },
                None => sent.await,
            };
            match answered {
                Ok(response) => HttpResponse::try_from(response.map(SdkBody::from_body_1_x))
                    .map_err(|err| ConnectorError::other(err.into(), None)),
                Err(err) => Err(classify(err)),
            }
        })
    }
}

/// rustls with the provider the SDK uses, and no certificate checks.
fn insecure_config() -> Result<rustls::ClientConfig, rustls::Error> {
    let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    let config = rustls::ClientConfig::builder_with_provider(provider.clone())
        .with_safe_default_protocol_versions()?
        .dangerous()
        .with_custom_certificate_verifier(Arc::new(AcceptAnyCertificate(provider)))
        .with_no_client_auth();
    Ok(config)
}

/// Sorts hyper's failures the way the SDK's own client does, so retries and
/// client.rs's messages treat both clients alike.
fn classify(err: hyper_util::client::legacy::Error) -> ConnectorError {
    let timed_out = chain(&err).any(|e| {
        e.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::TimedOut)
    });
    let tls = chain(&err).any(|e| e.is::<rustls::Error>());
    let hyper = chain(&err).find_map(|e| e.downcast_ref::<hyper::Error>());
    let incomplete = hyper.is_some_and(hyper::Error::is_incomplete_message);
    let dropped = hyper.is_some_and(|h| h.is_closed() || h.is_canceled());
    let connect = err.is_connect();
    if timed_out {
        ConnectorError::timeout(err.into())
    } else if tls {
        ConnectorError::other(err.into(), None)
    } else if incomplete {
        ConnectorError::other(err.into(), Some(ErrorKind::TransientError))
    } else if connect || dropped || chain(&err).any(|e| e.is::<std::io::Error>()) {
        ConnectorError::io(err.into())
    } else {
        ConnectorError::other(err.into(), None)
    }
}

/// Accepts any server certificate, but still checks that the server holds
/// the key of the certificate it sent, so the session keys are genuine.
#[derive(Debug)]
struct AcceptAnyCertificate(Arc<CryptoProvider>);

impl ServerCertVerifier for AcceptAnyCertificate {
    fn verify_server_cert(
        &self,
        _end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp_response: &[u8],
        _now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(
            message,
            cert,
            dss,
            &self.0.signature_verification_algorithms,
        )
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(
            message,
            cert,
            dss,
            &self.0.signature_verification_algorithms,
        )
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.0.signature_verification_algorithms.supported_schemes()
    }
}

/// Hosts already warned about in this run.
type Warned = Arc<Mutex<HashSet<String>>>;

/// Prints urllib3's InsecureRequestWarning once a connection to a host is
/// open, as aws does: urllib3 warns after connecting (so a refused
/// connection gets no warning), and Python's default warning filter shows a
/// given warning once, so aws prints it once per host, not once per request.
/// aws's version spans two lines (the Python source location, then the
/// `warnings.warn(` call); only the warning's own line is kept.
#[derive(Debug, Clone)]
struct WarnOnConnect<C> {
    inner: C,
    warned: Warned,
}

impl<C> tower_service::Service<Uri> for WarnOnConnect<C>
where
    C: tower_service::Service<Uri>,
    C::Future: Send + 'static,
    C::Response: Send + 'static,
    C::Error: 'static,
{
    type Response = C::Response;
    type Error = C::Error;
    type Future = Pin<Box<dyn Future<Output = Result<C::Response, C::Error>> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, uri: Uri) -> Self::Future {
        let host = (uri.scheme_str() == Some("https")).then(|| {
            uri.host()
                .unwrap_or_default()
                .trim_matches(['[', ']'])
                .to_owned()
        });
        let connecting = self.inner.call(uri);
        let warned = self.warned.clone();
        Box::pin(async move {
            let connection = connecting.await?;
            if let Some(host) = host {
                warn_once(&warned, host);
            }
            Ok(connection)
        })
    }
}

fn warn_once(warned: &Warned, host: String) {
    let first = match warned.lock() {
        Ok(mut hosts) => hosts.insert(host.clone()),
        Err(poisoned) => poisoned.into_inner().insert(host.clone()),
    };
    if first {
        use std::io::Write;
        let _ = writeln!(
            std::io::stderr().lock(),
            "InsecureRequestWarning: Unverified HTTPS request is being made to host '{host}'. \
             Adding certificate verification is strongly advised. \
             See: https://urllib3.readthedocs.io/en/latest/advanced-usage.html#tls-warnings"
        );
    }
}

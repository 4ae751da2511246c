//! Builds the one SDK client a run uses and makes single ListUserImportJobs
//! calls with it, translating the SDK's failures into aws's words.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use aws_config::BehaviorVersion;
use aws_config::profile::ProfileFileCredentialsProvider;
use aws_config::provider_config::ProviderConfig;
use aws_credential_types::provider::error::CredentialsError;
use aws_sdk_cognitoidentityprovider::Client;
use aws_sdk_cognitoidentityprovider::config::interceptors::{
    AfterDeserializationInterceptorContextRef, BeforeTransmitInterceptorContextRef,
    FinalizerInterceptorContextRef,
};
use aws_sdk_cognitoidentityprovider::config::{
    ConfigBag, Intercept, Region, RuntimeComponents, retry::RetryConfig, timeout::TimeoutConfig,
};
use aws_sdk_cognitoidentityprovider::error::{BoxError, ProvideErrorMetadata, SdkError};

use crate::error::Error;
use crate::settings::{Connection, Request};

/// A configured client plus what error messages need to know about it.
pub struct Service {
    client: Client,
    /// The request URL as aws prints it in transport errors.
    url: String,
    max_attempts: u32,
}

/// One page exactly as the service sent it. The SDK has already checked
/// that it is a valid ListUserImportJobs response.
pub struct RawPage {
    pub body: Vec<u8>,
}

impl Service {
    pub async fn connect(connection: &Connection) -> Result<Service, Error> {
        let region = connection.region.clone().ok_or(Error::NoRegion)?;
        let max_attempts = connection.retry.max_attempts;
        let retry = if connection.retry.adaptive {
            RetryConfig::adaptive()
        } else {
            RetryConfig::standard()
        };
        let mut timeouts = TimeoutConfig::builder();
        match connection.connect_timeout {
            Some(limit) => timeouts = timeouts.connect_timeout(limit),
            None => timeouts = timeouts.disable_connect_timeout(),
        }
        match connection.read_timeout {
            Some(limit) => timeouts = timeouts.read_timeout(limit),
            None => timeouts = timeouts.disable_read_timeout(),
        }
        let mut loader = aws_config::defaults(BehaviorVersion::latest())
            .region(Region::new(region.clone()))
            .retry_config(retry.with_max_attempts(max_attempts))
            .timeout_config(timeouts.build());
        if let Some(profile) = &connection.profile {
            loader = loader.profile_name(profile);
        }
        if let Some(endpoint) = &connection.endpoint_url {
            loader = loader.endpoint_url(endpoint);
        }
        let endpoint = connection
            .endpoint_url
            .clone()
            .unwrap_or_else(|| format!("https://cognito-idp.{region}.amazonaws.com"));
        let url = format!("{}/", endpoint.trim_end_matches('/'));
        let http_client = crate::tls::http_client(&connection.trust, &url)?;
        if let Some(http_client) = &http_client {
            loader = loader.http_client(http_client.clone());
        }
        if !connection.sign {
            loader = loader.no_credentials();
        } else if let (Some(profile), true) = (&connection.profile, connection.explicit_profile) {
            // aws lets an explicit --profile outrank AWS_ACCESS_KEY_ID; the
            // profile provider still covers every profile-based source
            // (static keys, credential_process, SSO, assumed roles). Built
            // on its own, it would not know the region or the TLS trust its
            // STS and SSO clients need, so it is handed both.
            let mut provider_config =
                ProviderConfig::default().with_region(Some(Region::new(region.clone())));
            if let Some(http_client) = http_client {
                provider_config = provider_config.with_http_client(http_client);
            }
            loader = loader.credentials_provider(
                ProfileFileCredentialsProvider::builder()
                    .configure(&provider_config)
                    .profile_name(profile)
                    .build(),
            );
        }
        let sdk_config = loader.load().await;
        let mut config = aws_sdk_cognitoidentityprovider::config::Builder::from(&sdk_config);
        if !connection.sign {
            // Without credentials SigV4 cannot apply; the SDK then needs
            // leave to send the request unsigned.
            config = config.allow_no_auth();
        }
        Ok(Service {
            client: Client::from_conf(config.build()),
            url,
            max_attempts,
        })
    }

    /// Makes one call, with the SDK's retries, and hands back the raw body.
    pub async fn list_page(
        &self,
        request: &Request,
        token: Option<&str>,
    ) -> Result<RawPage, Error> {
        let probe = Probe::default();
        let sent = self
            .client
            .list_user_import_jobs()
            .user_pool_id(&request.user_pool_id)
            .max_results(request.max_results)
            .set_pagination_token(token.map(str::to_owned))
            .customize()
            .interceptor(probe.clone())
            .send()
            .await;
        let seen = probe.take();
        match sent {
            Ok(_) => seen
                .body
                .map(|body| RawPage { body })
                .ok_or_else(|| Error::BadResponse("the response body was not kept".into())),
            Err(err) => Err(self.translate(err, seen.attempts)),
        }
    }

    fn translate<E, R>(&self, err: SdkError<E, R>, attempts: u32) -> Error
    where
        E: ProvideErrorMetadata + std::error::Error + 'static,
        R: std::fmt::Debug + 'static,
    {
        if let SdkError::ServiceError(service) = &err {
            let inner = service.err();
            let retries_exhausted =
                (attempts >= self.max_attempts && attempts > 1).then(|| attempts - 1);
            return Error::Service {
                code: inner.code().unwrap_or("Unknown").to_owned(),
                message: inner.message().unwrap_or_default().to_owned(),
                retries_exhausted,
            };
        }
        if credentials_missing(&err) {
            return Error::NoCredentials;
        }
        let url = self.url.clone();
        if let Some(reason) = crate::tls::failure_reason(&err, &url) {
            return Error::SslValidation { url, reason };
        }
        let chain = error_chain(&err);
        match &err {
            SdkError::TimeoutError(_) => Error::ReadTimeout { url },
            SdkError::DispatchFailure(failure) if failure.is_timeout() => {
                if chain.contains("connect") {
                    Error::ConnectTimeout { url }
                } else {
                    Error::ReadTimeout { url }
                }
            }
            SdkError::DispatchFailure(_) | SdkError::ResponseError(_) if closed_early(&chain) => {
                Error::ConnectionClosed { url }
            }
            SdkError::DispatchFailure(failure) if failure.is_io() => Error::Connect { url },
            _ => Error::BadResponse(chain),
        }
    }
}

fn credentials_missing(err: &(dyn std::error::Error + 'static)) -> bool {
    let mut current = Some(err);
    while let Some(e) = current {
        if let Some(CredentialsError::CredentialsNotLoaded(_)) =
            e.downcast_ref::<CredentialsError>()
        {
            return true;
        }
        current = e.source();
    }
    false
}

/// hyper's words for a peer that hung up before a full response arrived.
fn closed_early(chain: &str) -> bool {
    [
        "connection closed before message completed",
        "connection reset",
        "end of file before message length reached",
        "unexpected EOF",
        // rustls's words when an HTTPS peer hangs up the same way.
        "peer closed connection without sending TLS close_notify",
    ]
    .iter()
    .any(|words| chain.contains(words))
}

fn error_chain(err: &(dyn std::error::Error + 'static)) -> String {
    let mut parts = Vec::new();
    let mut current = Some(err);
    while let Some(e) = current {
        parts.push(e.to_string());
        current = e.source();
    }
    parts.join(": ")
}

/// Watches one operation: counts its attempts and keeps the final body, so
/// the model stage can read the response exactly as sent (the SDK's typed
/// output turns absent counts into 0 and forgets how numbers were written).
#[derive(Debug, Default, Clone)]
struct Probe {
    seen: Arc<Mutex<Seen>>,
}

#[derive(Debug, Default)]
struct Seen {
    attempts: u32,
    /// When the current attempt went out, for `--debug`'s durations.
    sent_at: Option<Instant>,
    body: Option<Vec<u8>>,
}

impl Probe {
    fn take(&self) -> Seen {
        match self.seen.lock() {
            Ok(mut seen) => std::mem::take(&mut *seen),
            Err(poisoned) => std::mem::take(&mut *poisoned.into_inner()),
        }
    }

    fn update(&self, change: impl FnOnce(&mut Seen)) {
        match self.seen.lock() {
            Ok(mut seen) => change(&mut seen),
            Err(poisoned) => change(&mut poisoned.into_inner()),
        }
    }
}

impl Intercept for Probe {
    fn name(&self) -> &'static str {
        "cogimport::Probe"
    }

    fn read_before_attempt(
        &self,
        _context: &BeforeTransmitInterceptorContextRef<'_>,
        _components: &RuntimeComponents,
        _cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        self.update(|seen| seen.attempts += 1);
        Ok(())
    }

    fn read_before_transmit(
        &self,
        context: &BeforeTransmitInterceptorContextRef<'_>,
        _components: &RuntimeComponents,
        _cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let request = context.request();
        let mut attempt = 0;
        self.update(|seen| {
            seen.sent_at = Some(Instant::now());
            attempt = seen.attempts;
        });
        // Only the method and URL: headers carry the signature and any
        // session token, which must never reach a log.
        tracing::debug!("attempt {attempt}: {} {}", request.method(), request.uri());
        Ok(())
    }

    fn read_after_attempt(
        &self,
        context: &FinalizerInterceptorContextRef<'_>,
        _components: &RuntimeComponents,
        _cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let (mut attempt, mut elapsed) = (0, Duration::ZERO);
        self.update(|seen| {
            attempt = seen.attempts;
            elapsed = seen.sent_at.map(|t| t.elapsed()).unwrap_or_default();
        });
        let millis = elapsed.as_millis();
        match context.response() {
            Some(response) => tracing::debug!(
                "attempt {attempt}: HTTP {} in {millis} ms, request id {}",
                response.status().as_u16(),
                response.headers().get("x-amzn-requestid").unwrap_or("-")
            ),
            None => {
                let reason = match context.output_or_error() {
                    Some(Err(err)) => error_chain(err),
                    _ => "no response".to_owned(),
                };
                tracing::debug!("attempt {attempt}: failed after {millis} ms: {reason}");
            }
        }
        Ok(())
    }

    fn read_after_deserialization(
        &self,
        context: &AfterDeserializationInterceptorContextRef<'_>,
        _components: &RuntimeComponents,
        _cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let body = context.response().body().bytes().map(<[u8]>::to_vec);
        self.update(|seen| seen.body = body);
        Ok(())
    }
}

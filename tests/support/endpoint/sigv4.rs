//! SigV4 verification: parse the `Authorization` header, recompute the
//! signature with `aws-sigv4` over exactly the signed headers and the body,
//! and compare.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use aws_credential_types::Credentials;
use aws_sigv4::http_request::{
    SessionTokenMode, SignableBody, SignableRequest, SigningSettings, sign,
};
use http::request::Parts;

use super::{ApiError, Config};

pub(super) const SERVICE: &str = "cognito-idp";

/// What the endpoint learned from a request's signature.
pub(super) struct Auth {
    /// The request carried a signature that verified.
    pub signed: bool,
    /// The region of the credential scope, when it could be parsed.
    pub region: Option<String>,
    /// Why the request must be rejected, if it must.
    pub error: Option<ApiError>,
}

/// The parsed `Authorization` header.
struct Authorization {
    access_key: String,
    region: String,
    service: String,
    terminator: String,
    signed_headers: Vec<String>,
    signature: String,
}

pub(super) fn check(config: &Config, parts: &Parts, body: &[u8]) -> Auth {
    let reject = |region: Option<String>, error: ApiError| Auth {
        signed: false,
        region,
        error: Some(error),
    };
    let Some(header) = parts.headers.get(http::header::AUTHORIZATION) else {
        if config.allow_unsigned {
            return Auth {
                signed: false,
                region: None,
                error: None,
            };
        }
        return reject(None, ApiError::missing_authentication());
    };
    let auth = match header
        .to_str()
        .map_err(|_| "not ASCII".to_string())
        .and_then(parse)
    {
        Ok(auth) => auth,
        Err(why) => return reject(None, ApiError::incomplete_signature(&why)),
    };
    let region = Some(auth.region.clone());
    if auth.access_key != config.access_key {
        return reject(region, ApiError::unrecognized_client());
    }
    if auth.service != SERVICE {
        let message = format!("Credential should be scoped to correct service: '{SERVICE}'. ");
        return reject(region, ApiError::invalid_signature(&message));
    }
    if auth.terminator != "aws4_request" {
        let message = "Credential should be scoped with a valid terminator: 'aws4_request', not '";
        let message = format!("{message}{}'. ", auth.terminator);
        return reject(region, ApiError::invalid_signature(&message));
    }
    let token = parts
        .headers
        .get("x-amz-security-token")
        .map(|v| v.to_str().unwrap_or_default().to_string());
    if token != config.session_token {
        return reject(region, ApiError::unrecognized_client());
    }
    let Some(time) = parts
        .headers
        .get("x-amz-date")
        .and_then(|v| v.to_str().ok())
        .and_then(parse_amz_date)
    else {
        let why =
            "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.";
        return reject(region, ApiError::incomplete_signature(why));
    };
    match expected_signature(config, &auth, parts, body, time, token) {
        Some(expected) if expected == auth.signature => Auth {
            signed: true,
            region,
            error: None,
        },
        _ => reject(region, ApiError::signature_mismatch()),
    }
}

/// `AWS4-HMAC-SHA256 Credential=AKID/DATE/REGION/SERVICE/aws4_request,
/// SignedHeaders=a;b;c, Signature=hex`
fn parse(header: &str) -> Result<Authorization, String> {
    let rest = header
        .strip_prefix("AWS4-HMAC-SHA256 ")
        .ok_or("Unsupported or missing signing algorithm")?;
    let (mut credential, mut signed_headers, mut signature) = (None, None, None);
    for part in rest.split(',') {
        let (key, value) = part
            .trim()
            .split_once('=')
            .ok_or("Authorization header malformed")?;
        match key {
            "Credential" => credential = Some(value),
            "SignedHeaders" => signed_headers = Some(value),
            "Signature" => signature = Some(value),
            _ => {}
        }
    }
    let missing = |name: &str| format!("Authorization header requires '{name}' parameter.");
    let credential = credential.ok_or_else(|| missing("Credential"))?;
    let signed_headers = signed_headers.ok_or_else(|| missing("SignedHeaders"))?;
    let signature = signature.ok_or_else(|| missing("Signature"))?;
    let scope: Vec<&str> = credential.split('/').collect();
    let [access_key, _date, region, service, terminator] = scope[..] else {
        return Err(format!("Credential is malformed: '{credential}'."));
    };
    Ok(Authorization {
        access_key: access_key.to_string(),
        region: region.to_string(),
        service: service.to_string(),
        terminator: terminator.to_string(),
        signed_headers: signed_headers
            .split(';')
            .map(str::to_ascii_lowercase)
            .collect(),
        signature: signature.to_string(),
    })
}

/// Signs the request again with the configured secret. `None` when it
/// cannot even be signed (e.g. a signed header value that is not text).
fn expected_signature(
    config: &Config,
    auth: &Authorization,
    parts: &Parts,
    body: &[u8],
    time: SystemTime,
    token: Option<String>,
) -> Option<String> {
    let mut headers = Vec::new();
    for name in &auth.signed_headers {
        for value in parts.headers.get_all(name.as_str()) {
            headers.push((name.as_str(), value.to_str().ok()?));
        }
    }
    let host = parts
        .headers
        .get(http::header::HOST)
        .and_then(|h| h.to_str().ok());
    let path = parts.uri.path_and_query().map_or("/", |p| p.as_str());
    let uri = format!("http://{}{path}", host.unwrap_or("localhost"));

    let identity = Credentials::new(
        config.access_key.as_str(),
        config.secret_key.as_str(),
        token,
        None,
        "local-endpoint",
    )
    .into();
    let mut settings = SigningSettings::default();
    settings.excluded_headers = None; // sign exactly what the client listed
    if !auth
        .signed_headers
        .iter()
        .any(|h| h == "x-amz-security-token")
    {
        settings.session_token_mode = SessionTokenMode::Exclude;
    }
    let params = aws_sigv4::sign::v4::SigningParams::builder()
        .identity(&identity)
        .region(&auth.region)
        .name(&auth.service)
        .time(time)
        .settings(settings)
        .build()
        .ok()?
        .into();
    let request = SignableRequest::new(
        parts.method.as_str(),
        uri,
        headers.into_iter(),
        SignableBody::Bytes(body),
    )
    .ok()?;
    let (_, signature) = sign(request, &params).ok()?.into_parts();
    Some(signature)
}

/// Parses `20150830T123600Z`.
fn parse_amz_date(s: &str) -> Option<SystemTime> {
    if s.len() != 16 || s.get(8..9) != Some("T") || s.get(15..) != Some("Z") {
        return None;
    }
    let field = |from: usize, to: usize| s.get(from..to)?.parse::<i64>().ok();
    let (year, month, day) = (field(0, 4)?, field(4, 6)?, field(6, 8)?);
    let (hour, minute, second) = (field(9, 11)?, field(11, 13)?, field(13, 15)?);
    if !(1..=12).contains(&month)
        || !(1..=31).contains(&day)
        || hour > 23
        || minute > 59
        || second > 60
    {
        return None;
    }
    let secs = days_from_civil(year, month, day) * 86_400 + hour * 3_600 + minute * 60 + second;
    Some(UNIX_EPOCH + Duration::from_secs(u64::try_from(secs).ok()?))
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let day_of_year = (153 * ((month + 9) % 12) + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

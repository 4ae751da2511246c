//! Builds the HTTP client when TLS trust differs from the SDK's default, and
//! words TLS failures as aws v1 (Python's `ssl` over OpenSSL) does.
//!
//! With no TLS option in play the SDK's own client is used untouched: it
//! trusts the system's certificates and costs nothing to set up here.

use std::error::Error as StdError;
use std::path::Path;

use aws_smithy_http_client::tls::rustls_provider::CryptoMode;
use aws_smithy_http_client::tls::{self, TlsContext, TrustStore};
use aws_smithy_runtime_api::client::http::SharedHttpClient;
use rustls::pki_types::CertificateDer;
use rustls::pki_types::pem::{self, PemObject, SectionKind};
use rustls::{CertificateError, RootCertStore};

use crate::error::Error;
use crate::settings::Trust;

mod insecure;

/// OpenSSL's words for a bundle with no certificate in it, as aws prints
/// them (the `_ssl.c` line is CPython's, part of the text users match on).
const NO_CERTIFICATE: &str =
    "[X509: NO_CERTIFICATE_OR_CRL_FOUND] no certificate or crl found (_ssl.c:4154)";
/// OpenSSL's words for a bundle whose PEM cannot be decoded.
const BAD_PEM: &str = "[X509] PEM lib (_ssl.c:4154)";

/// The HTTP client for `trust`, or `None` to keep the SDK's default.
///
/// `url` is the endpoint as error messages print it. aws loads a CA bundle
/// only when it opens an HTTPS connection, so a bundle that cannot be used
/// is an error only for an `https` endpoint; over plain HTTP it is ignored.
pub fn http_client(trust: &Trust, url: &str) -> Result<Option<SharedHttpClient>, Error> {
    match trust {
        Trust::System => Ok(None),
        Trust::Insecure => insecure::client()
            .map(Some)
            .map_err(|err| Error::SslValidation {
                url: url.to_owned(),
                reason: format!("[SSL] {err}"),
            }),
        Trust::Bundle(path) => match bundle(path) {
            Ok(pem) => {
                let context = TlsContext::builder()
                    .with_trust_store(TrustStore::empty().with_pem_certificate(pem))
                    .build()
                    .map_err(|err| Error::SslValidation {
                        url: url.to_owned(),
                        reason: err.to_string(),
                    })?;
                let client = aws_smithy_http_client::Builder::new()
                    .tls_provider(tls::Provider::Rustls(CryptoMode::AwsLc))
                    .tls_context(context)
                    .build_https();
                Ok(Some(client))
            }
            Err(_) if !url.starts_with("https://") => Ok(None),
            Err(reason) => Err(Error::SslValidation {
                url: url.to_owned(),
                reason,
            }),
        },
    }
}

/// Reads a PEM bundle and keeps the certificates rustls can trust, as PEM.
///
/// The SDK panics on a certificate it cannot add to its trust store, so
/// each one is checked here first with the same `RootCertStore::add`. A
/// certificate rustls cannot use is skipped rather than failing the whole
/// bundle: system bundles carry old roots that OpenSSL reads and webpki
/// does not, and aws would not fail on them.
fn bundle(path: &Path) -> Result<Vec<u8>, String> {
    let bytes = std::fs::read(path).map_err(|err| errno_words(&err))?;
    let mut checker = RootCertStore::empty();
    let mut rejected = Vec::new();
    let mut found = 0usize;
    for section in <(SectionKind, Vec<u8>)>::pem_slice_iter(&bytes) {
        let (kind, der) = section.map_err(|err| pem_words(&err))?;
        if kind != SectionKind::Certificate {
            continue;
        }
        found += 1;
        if checker.add(CertificateDer::from(der.as_slice())).is_err() {
            rejected.push(der);
        }
    }
    if found == 0 {
        return Err(NO_CERTIFICATE.to_owned());
    }
    if rejected.len() == found {
        return Err(BAD_PEM.to_owned());
    }
    if rejected.is_empty() {
        // The common case: hand over the file as it is, with no re-encoding.
        return Ok(bytes);
    }
    let mut kept = Vec::with_capacity(bytes.len());
    for section in <(SectionKind, Vec<u8>)>::pem_slice_iter(&bytes).flatten() {
        if section.0 == SectionKind::Certificate && !rejected.contains(&section.1) {
            write_pem_certificate(&mut kept, &section.1);
        }
    }
    Ok(kept)
}

fn pem_words(err: &pem::Error) -> String {
    match err {
        pem::Error::Io(io) => errno_words(io),
        _ => BAD_PEM.to_owned(),
    }
}

/// Python's `[Errno 2] No such file or directory`; Rust's text for the same
/// error adds ` (os error 2)`, which is dropped.
fn errno_words(err: &std::io::Error) -> String {
    let text = err.to_string();
    match err.raw_os_error() {
        Some(code) => {
            let suffix = format!(" (os error {code})");
            let words = text.strip_suffix(&suffix).unwrap_or(&text);
            format!("[Errno {code}] {words}")
        }
        None => text,
    }
}

fn write_pem_certificate(out: &mut Vec<u8>, der: &[u8]) {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut encoded = Vec::with_capacity(der.len().div_ceil(3) * 4);
    for chunk in der.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                encoded.push(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize]);
            } else {
                encoded.push(b'=');
            }
        }
    }
    out.extend_from_slice(b"-----BEGIN CERTIFICATE-----\n");
    for line in encoded.chunks(64) {
        out.extend_from_slice(line);
        out.push(b'\n');
    }
    out.extend_from_slice(b"-----END CERTIFICATE-----\n");
}

/// aws's reason for a TLS failure anywhere in `err`'s chain, or `None` when
/// TLS is not what failed. `url` names the host for a name mismatch.
pub fn failure_reason(err: &(dyn StdError + 'static), url: &str) -> Option<String> {
    let tls = chain(err).find_map(|e| e.downcast_ref::<rustls::Error>())?;
    let reason = match tls {
        rustls::Error::InvalidCertificate(CertificateError::NotValidForNameContext {
            presented,
            ..
        }) => name_mismatch(host_of(url), presented),
        rustls::Error::InvalidCertificate(cert) => format!(
            "[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: {} (_ssl.c:1006)",
            openssl_words(cert, url).unwrap_or_else(|| tls.to_string())
        ),
        // What an HTTPS request to a plain-HTTP port reads as.
        rustls::Error::InvalidMessage(rustls::InvalidMessage::InvalidContentType) => {
            "[SSL: WRONG_VERSION_NUMBER] wrong version number (_ssl.c:1006)".to_owned()
        }
        other => format!("[SSL] {other} (_ssl.c:1006)"),
    };
    Some(reason)
}

/// OpenSSL's verify-error strings for the rustls errors that mean the same.
///
/// rustls reports an untrusted chain as `UnknownIssuer` whether or not the
/// server's certificate signed itself; OpenSSL would say "self-signed
/// certificate" for a lone self-signed leaf. The issuer wording is kept for
/// both, as it is the common case (a private CA behind a proxy or test
/// server) and the one that stays true for a self-signed leaf.
fn openssl_words(err: &CertificateError, url: &str) -> Option<String> {
    let words = match err {
        CertificateError::UnknownIssuer => "unable to get local issuer certificate",
        CertificateError::Expired | CertificateError::ExpiredContext { .. } => {
            "certificate has expired"
        }
        CertificateError::NotValidYet | CertificateError::NotValidYetContext { .. } => {
            "certificate is not yet valid"
        }
        CertificateError::Revoked => "certificate revoked",
        CertificateError::BadSignature => "certificate signature failure",
        CertificateError::InvalidPurpose | CertificateError::InvalidPurposeContext { .. } => {
            "unsupported certificate purpose"
        }
        CertificateError::NotValidForName | CertificateError::NotValidForNameContext { .. } => {
            return Some(format!(
                "Hostname mismatch, certificate is not valid for '{}'.",
                host_of(url)
            ));
        }
        _ => return None,
    };
    Some(words.to_owned())
}

/// urllib3 checks the name itself after OpenSSL has accepted the chain, and
/// words a mismatch as its `match_hostname` does, listing the names the
/// certificate presents. webpki hands those over as `DnsName("...")` and
/// `IpAddress(...)`.
fn name_mismatch(host: &str, presented: &[String]) -> String {
    let names: Vec<String> = presented
        .iter()
        .filter_map(|name| {
            name.strip_prefix("DnsName(\"")
                .and_then(|rest| rest.strip_suffix("\")"))
                .or_else(|| {
                    name.strip_prefix("IpAddress(")
                        .and_then(|rest| rest.strip_suffix(')'))
                })
        })
        .map(py_repr)
        .collect();
    match names.as_slice() {
        [] => "no appropriate subjectAltName fields were found".to_owned(),
        [one] => format!("hostname {} doesn't match {one}", py_repr(host)),
        many => format!(
            "hostname {} doesn't match either of {}",
            py_repr(host),
            many.join(", ")
        ),
    }
}

/// Python's `repr` of a plain string, enough for host names.
fn py_repr(text: &str) -> String {
    if text.contains('\'') && !text.contains('"') {
        format!("\"{text}\"")
    } else {
        format!("'{}'", text.replace('\\', "\\\\").replace('\'', "\\'"))
    }
}

/// The host part of `scheme://host:port/...`, without IPv6 brackets.
fn host_of(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let authority = rest.split(['/', '?', '#']).next().unwrap_or(rest);
    let host = authority
        .rsplit_once('@')
        .map_or(authority, |(_, host)| host);
    if let Some(bracketed) = host.strip_prefix('[') {
        return bracketed.split(']').next().unwrap_or(bracketed);
    }
    host.rsplit_once(':').map_or(host, |(name, _)| name)
}

/// Every error in the chain. An `io::Error`'s `source()` skips the error it
/// wraps, and the wrapped one is where rustls's error sits, so `get_ref` is
/// followed instead.
fn chain<'a>(
    err: &'a (dyn StdError + 'static),
) -> impl Iterator<Item = &'a (dyn StdError + 'static)> {
    std::iter::successors(Some(err), |&e| match e.downcast_ref::<std::io::Error>() {
        Some(io) => io.get_ref().map(|inner| inner as &(dyn StdError + 'static)),
        None => e.source(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errno_words_read_like_pythons() {
        let err = std::io::Error::from_raw_os_error(2);
        assert_eq!(errno_words(&err), "[Errno 2] No such file or directory");
    }

    #[test]
    fn hosts_come_out_of_urls_bare() {
        assert_eq!(host_of("https://127.0.0.1:8443/"), "127.0.0.1");
        assert_eq!(host_of("https://example.com/"), "example.com");
        assert_eq!(host_of("https://[::1]:8443/"), "::1");
        assert_eq!(host_of("https://user@host:1/x"), "host");
    }

    #[test]
    fn name_mismatches_read_like_urllib3s() {
        let one = vec![r#"DnsName("other.example")"#.to_owned()];
        assert_eq!(
            name_mismatch("127.0.0.1", &one),
            "hostname '127.0.0.1' doesn't match 'other.example'"
        );
        let two = vec![
            r#"DnsName("a.example")"#.to_owned(),
            "IpAddress(10.0.0.1)".to_owned(),
        ];
        assert_eq!(
            name_mismatch("localhost", &two),
            "hostname 'localhost' doesn't match either of 'a.example', '10.0.0.1'"
        );
    }

    #[test]
    fn pem_encoding_round_trips() {
        for der in [&b""[..], b"a", b"ab", b"abc", &[0xffu8; 100]] {
            let mut pem = Vec::new();
            write_pem_certificate(&mut pem, der);
            let decoded = <(SectionKind, Vec<u8>)>::pem_slice_iter(&pem)
                .next()
                .and_then(Result::ok);
            assert_eq!(decoded, Some((SectionKind::Certificate, der.to_vec())));
        }
    }

    #[test]
    fn an_empty_bundle_is_opensslish() {
        let dir = std::env::temp_dir().join(format!("cogimport-tls-{}", std::process::id()));
        let _ = std::fs::create_dir_all(&dir);
        let empty = dir.join("empty.pem");
        let garbled = dir.join("garbled.pem");
        let _ = std::fs::write(&empty, "nothing here\n");
        let _ = std::fs::write(
            &garbled,
            "-----BEGIN CERTIFICATE-----\n!!!!\n-----END CERTIFICATE-----\n",
        );
        assert_eq!(bundle(&empty), Err(NO_CERTIFICATE.to_owned()));
        assert_eq!(bundle(&garbled), Err(BAD_PEM.to_owned()));
        assert_eq!(
            bundle(&dir.join("absent.pem")),
            Err("[Errno 2] No such file or directory".to_owned())
        );
        let _ = std::fs::remove_dir_all(&dir);
    }
}

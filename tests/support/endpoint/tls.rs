//! HTTPS for the local endpoint: a throwaway CA, made fresh per test, that
//! signs a server certificate for `127.0.0.1` and `localhost`.
//!
//! A CA plus a leaf (rather than one self-signed certificate) is what real
//! private PKI looks like, and it is the shape both OpenSSL (under aws) and
//! webpki (under cogimport) accept once the CA is trusted: webpki refuses a
//! CA certificate used directly as the server's certificate.

use std::sync::Arc;

use rcgen::{
    BasicConstraints, CertificateParams, CertifiedIssuer, DnType, ExtendedKeyUsagePurpose, IsCa,
    KeyPair, KeyUsagePurpose,
};
use tokio_rustls::TlsAcceptor;
use tokio_rustls::rustls::ServerConfig;
use tokio_rustls::rustls::crypto::aws_lc_rs;
use tokio_rustls::rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};

/// A test CA and the server certificate it signed.
#[derive(Clone)]
pub struct TestCa {
    /// The CA certificate, PEM: what a test writes into a CA bundle.
    pub ca_pem: String,
    /// The server's certificate (DER) and its PKCS#8 key.
    server_cert: Vec<u8>,
    server_key: Vec<u8>,
}

impl std::fmt::Debug for TestCa {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TestCa").finish_non_exhaustive()
    }
}

impl TestCa {
    /// A new CA and a server certificate for `127.0.0.1` and `localhost`.
    pub fn generate() -> TestCa {
        let mut ca_params = CertificateParams::new(Vec::<String>::new()).expect("CA params");
        ca_params
            .distinguished_name
            .push(DnType::CommonName, "cogimport test CA");
        ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        ca_params.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
        let ca_key = KeyPair::generate().expect("CA key");
        let ca = CertifiedIssuer::self_signed(ca_params, ca_key).expect("CA certificate");

        let mut server_params =
            CertificateParams::new(vec!["127.0.0.1".to_string(), "localhost".to_string()])
                .expect("server params");
        server_params
            .distinguished_name
            .push(DnType::CommonName, "localhost");
        server_params.is_ca = IsCa::ExplicitNoCa;
        server_params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
        let server_key = KeyPair::generate().expect("server key");
        let server_cert = server_params
            .signed_by(&server_key, &ca)
            .expect("server certificate");
        TestCa {
            ca_pem: ca.pem(),
            server_cert: server_cert.der().to_vec(),
            server_key: server_key.serialize_der(),
        }
    }

    /// The server side of the handshake: presents the server certificate
    /// alone, as most servers do, so the client must trust the CA.
    pub(super) fn acceptor(&self) -> TlsAcceptor {
        let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(self.server_key.clone()));
        let config = ServerConfig::builder_with_provider(Arc::new(aws_lc_rs::default_provider()))
            .with_safe_default_protocol_versions()
            .expect("TLS versions")
            .with_no_client_auth()
            .with_single_cert(vec![CertificateDer::from(self.server_cert.clone())], key)
            .expect("server TLS config");
        TlsAcceptor::from(Arc::new(config))
    }
}

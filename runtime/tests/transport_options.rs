//! Transport a user controls, against real servers on 127.0.0.1: their own HTTP client, a
//! proxy (with credentials, and hosts reached directly), and TLS with a private CA, only
//! custom roots, or verification turned off.

mod support;

use std::sync::Arc;
use std::time::Duration;

use huaweicloud_devops_runtime::reqwest::header::{HeaderMap, HeaderValue};
use huaweicloud_devops_runtime::{
    Certificate, Client, Config, Credentials, Error, NoProxy, Proxy, reqwest,
};
use support::{DEMO, call, failing_then_ok, fast_retries};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use tokio_rustls::TlsAcceptor;
use tokio_rustls::rustls::ServerConfig;
use tokio_rustls::rustls::pki_types::{PrivateKeyDer, PrivatePkcs8KeyDer};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

fn config(endpoint: &str) -> Config {
    Config::new()
        .endpoint(endpoint)
        .credentials(Credentials::token("t0ken"))
        .timeout(Duration::from_secs(5))
        .retry(fast_retries())
}

#[tokio::test]
async fn an_own_http_client_is_used_and_the_runtime_still_retries_and_authenticates() {
    let server = failing_then_ok(ResponseTemplate::new(503).set_body_string("busy")).await;
    let mut headers = HeaderMap::new();
    headers.insert("x-from-middleware", HeaderValue::from_static("yes"));
    huaweicloud_devops_runtime::install_crypto_provider();
    let own = reqwest::Client::builder()
        .default_headers(headers)
        .build()
        .unwrap();
    let client = Client::new(&config(&server.uri()).http_client(own), &DEMO).unwrap();
    client.send(&call(true)).await.expect("retried to success");
    let received = server.received_requests().await.unwrap();
    assert_eq!(received.len(), 2, "the runtime's retries apply");
    for request in &received {
        assert_eq!(request.headers["x-from-middleware"], "yes");
        assert_eq!(request.headers["x-auth-token"], "t0ken");
    }
}

/// A local server standing in for an HTTP proxy: it answers whatever it is sent.
async fn proxy() -> MockServer {
    let proxy = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_string("{}"))
        .mount(&proxy)
        .await;
    proxy
}

#[tokio::test]
async fn requests_go_through_the_configured_proxy_with_its_credentials() {
    let proxy = proxy().await;
    let through = Proxy::http(proxy.uri())
        .unwrap()
        .basic_auth("proxy-user", "proxy-secret");
    // The endpoint's host does not resolve: only the proxy can reach it.
    let config = config("http://pipeline.example.invalid").proxy(through);
    let client = Client::new(&config, &DEMO).unwrap();
    client
        .send(&call(false))
        .await
        .expect("answered by the proxy");
    let received = proxy.received_requests().await.unwrap();
    assert_eq!(received.len(), 1);
    let request = &received[0];
    assert_eq!(request.headers["host"], "pipeline.example.invalid");
    let authorization = request.headers["proxy-authorization"].to_str().unwrap();
    assert!(authorization.starts_with("Basic "), "{authorization}");
    assert!(
        !format!("{config:?}").contains("proxy-secret"),
        "no proxy credentials in Debug"
    );
}

#[tokio::test]
async fn no_proxy_hosts_are_reached_directly() {
    let proxy = proxy().await;
    let service = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_string("{}"))
        .mount(&service)
        .await;
    let through = Proxy::http(proxy.uri())
        .unwrap()
        .no_proxy(NoProxy::from_string("127.0.0.1"));
    let client = Client::new(&config(&service.uri()).proxy(through), &DEMO).unwrap();
    client.send(&call(false)).await.expect("sent directly");
    assert_eq!(service.received_requests().await.unwrap().len(), 1);
    assert!(proxy.received_requests().await.unwrap().is_empty());
}

/// An HTTPS server on 127.0.0.1 with a certificate for `localhost` from its own CA (a
/// self-signed certificate): it answers each connection with `200 {}`. Returns its port and
/// the certificate, PEM.
async fn tls_server() -> (u16, String) {
    let certified = rcgen::generate_simple_self_signed(vec!["localhost".to_owned()]).unwrap();
    let pem = certified.cert.pem();
    let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(
        certified.signing_key.serialize_der(),
    ));
    let provider = Arc::new(tokio_rustls::rustls::crypto::aws_lc_rs::default_provider());
    let tls = ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(vec![certified.cert.der().clone()], key)
        .unwrap();
    let acceptor = TlsAcceptor::from(Arc::new(tls));
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    tokio::spawn(async move {
        // Bounded: the tests make a handful of connections.
        for _ in 0..16 {
            let Ok((tcp, _)) = listener.accept().await else {
                return;
            };
            let acceptor = acceptor.clone();
            tokio::spawn(async move {
                let Ok(mut stream) = acceptor.accept(tcp).await else {
                    return; // the client refused the certificate
                };
                let mut request = Vec::new();
                let mut buffer = [0u8; 1024];
                while !request.windows(4).any(|w| w == b"\r\n\r\n") {
                    match stream.read(&mut buffer).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => request.extend_from_slice(&buffer[..n]),
                    }
                }
                let answer = "HTTP/1.1 200 OK\r\ncontent-length: 2\r\nconnection: close\r\n\r\n{}";
                let _ = stream.write_all(answer.as_bytes()).await;
                let _ = stream.shutdown().await;
            });
        }
    });
    (port, pem)
}

/// The error of a TLS handshake that failed because the server's certificate is not trusted.
fn assert_refused_certificate(error: &Error) {
    assert!(matches!(error, Error::Transport { .. }), "{error:?}");
    let chain = format!("{error:?}");
    assert!(
        chain.contains("UnknownIssuer") || chain.contains("InvalidCertificate"),
        "{chain}"
    );
}

/// The host name must match the certificate, so `localhost` is resolved to 127.0.0.1 here,
/// never by the system.
fn to_loopback(config: Config) -> Config {
    struct Loopback;
    impl huaweicloud_devops_runtime::dns::Resolve for Loopback {
        fn resolve(
            &self,
            _: huaweicloud_devops_runtime::dns::Name,
        ) -> huaweicloud_devops_runtime::dns::Resolving {
            let addrs: huaweicloud_devops_runtime::dns::Addrs = Box::new(std::iter::once(
                std::net::SocketAddr::from(([127, 0, 0, 1], 0)),
            ));
            Box::pin(std::future::ready(Ok(addrs)))
        }
    }
    config.dns_resolver(Arc::new(Loopback))
}

#[tokio::test]
async fn a_private_ca_is_trusted_when_added_and_refused_otherwise() {
    let (port, pem) = tls_server().await;
    let endpoint = format!("https://localhost:{port}");
    let certificate = Certificate::from_pem(pem.as_bytes()).unwrap();

    let trusting = to_loopback(config(&endpoint).add_root_certificate(certificate.clone()));
    let client = Client::new(&trusting, &DEMO).unwrap();
    client
        .send(&call(false))
        .await
        .expect("the added root is trusted");

    let only = to_loopback(
        config(&endpoint)
            .add_root_certificate(certificate)
            .only_custom_roots(),
    );
    let client = Client::new(&only, &DEMO).unwrap();
    client
        .send(&call(false))
        .await
        .expect("only the custom root");

    let default = to_loopback(config(&endpoint));
    let client = Client::new(&default, &DEMO).unwrap();
    let error = client.send(&call(false)).await.unwrap_err();
    assert_refused_certificate(&error);
}

#[tokio::test]
async fn only_custom_roots_refuses_what_the_system_would_not_vouch_for_either() {
    let (port, _) = tls_server().await;
    // Another CA entirely: the server's certificate is not under it.
    let other = rcgen::generate_simple_self_signed(vec!["localhost".to_owned()]).unwrap();
    let other = Certificate::from_pem(other.cert.pem().as_bytes()).unwrap();
    let config = to_loopback(
        config(&format!("https://localhost:{port}"))
            .add_root_certificate(other)
            .only_custom_roots(),
    );
    let client = Client::new(&config, &DEMO).unwrap();
    let error = client.send(&call(false)).await.unwrap_err();
    assert_refused_certificate(&error);
}

#[tokio::test]
async fn verification_can_be_turned_off_explicitly_for_test_clouds() {
    let (port, _) = tls_server().await;
    let config =
        to_loopback(config(&format!("https://localhost:{port}")).danger_accept_invalid_certs());
    assert!(format!("{config:?}").contains("accept_invalid_certs: true"));
    let client = Client::new(&config, &DEMO).unwrap();
    client
        .send(&call(false))
        .await
        .expect("verification is off");
}

//! Hand-written tests of the bodies that are not JSON, against a local server (wiremock on
//! 127.0.0.1), with the fixture's made-up Store service: a download streamed to a file, a
//! multipart upload retried and signed, typed response headers.

use std::time::Duration;

use garden_client::runtime::signing::{SigningRequest, sign};
use garden_client::runtime::{FilePart, RetryPolicy};
use garden_client::store::{
    DownloadFileRequest, ListFilesRequest, StoreClient, UploadFileRequest, UploadForm, Visibility,
};
use garden_client::{Config, Credentials, Error};
use tokio::io::AsyncReadExt;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

const AK: &str = "HWOAKEXAMPLE0000000000";
const SK: &str = "HWOSKEXAMPLE00000000000000000000000000000";

fn config(server: &MockServer) -> Config {
    Config::new()
        .endpoint(server.uri())
        .credentials(Credentials::token("t"))
        .retry(RetryPolicy::attempts(1))
}

fn header(request: &wiremock::Request, name: &str) -> String {
    request
        .headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned()
}

/// A body larger than `max_response_bytes`, written to a file chunk by chunk: the limit that
/// refuses to hold it whole (`bytes()`) does not stop the streamed copy.
#[tokio::test]
async fn a_download_larger_than_the_limit_is_streamed_to_a_file() {
    const LIMIT: usize = 64 * 1024;
    let content: Vec<u8> = (0..1024 * 1024).map(|i| (i % 251) as u8).collect();
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_raw(content.clone(), "application/octet-stream")
                .insert_header("X-Checksum", "c"),
        )
        .mount(&server)
        .await;
    let client = StoreClient::new(&config(&server).max_response_bytes(LIMIT)).unwrap();
    let request = || DownloadFileRequest::new("docs", "big.bin");

    let response = client.download_file(request()).await.unwrap();
    assert_eq!(response.typed_headers.x_checksum.as_deref(), Some("c"));
    assert_eq!(response.body.content_length(), Some(content.len() as u64));
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.bin");
    let mut file = tokio::fs::File::create(&path).await.unwrap();
    let written = response.body.write_to(&mut file).await.unwrap();
    assert_eq!(written, content.len() as u64);
    let mut on_disk = Vec::new();
    tokio::fs::File::open(&path)
        .await
        .unwrap()
        .read_to_end(&mut on_disk)
        .await
        .unwrap();
    assert!(on_disk == content, "the file holds the body byte for byte");

    // Chunk by chunk: every chunk is far smaller than the body.
    let mut download = client.download_file(request()).await.unwrap().body;
    let (mut chunks, mut total, mut largest) = (0, 0, 0);
    while let Some(chunk) = download.chunk().await.unwrap() {
        chunks += 1;
        total += chunk.len();
        largest = largest.max(chunk.len());
    }
    assert_eq!(total, content.len());
    assert!(
        chunks > 1 && largest < content.len(),
        "{chunks} chunks, largest {largest}"
    );

    // Held whole, the same body is refused at the limit.
    let whole = client
        .download_file(request())
        .await
        .unwrap()
        .body
        .bytes()
        .await;
    assert!(
        matches!(whole, Err(Error::ResponseTooLarge { limit: LIMIT, .. })),
        "{whole:?}"
    );
}

/// An error status of a download is read (bounded) into `Error::Api`, as for any operation.
#[tokio::test]
async fn a_download_error_status_is_an_api_error() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(404).set_body_raw(
            r#"{"code": "STORE.404", "message": "no such file"}"#,
            "application/json",
        ))
        .mount(&server)
        .await;
    let client = StoreClient::new(&config(&server)).unwrap();
    let error = client
        .download_file(DownloadFileRequest::new("docs", "gone"))
        .await
        .unwrap_err();
    let Error::Api(api) = error else {
        panic!("expected an API error, got {error:?}")
    };
    assert_eq!((api.status(), api.error_code()), (404, Some("STORE.404")));
}

/// The boundary a multipart body is framed with.
fn boundary(request: &wiremock::Request) -> String {
    header(request, "content-type")
        .strip_prefix("multipart/form-data; boundary=")
        .expect("a multipart Content-Type with its boundary")
        .to_owned()
}

/// Recomputes the AK/SK signature of a received request from the headers it says it signed.
fn signature_matches(request: &wiremock::Request) -> bool {
    let authorization = header(request, "authorization");
    let signed = authorization
        .split("SignedHeaders=")
        .nth(1)
        .and_then(|rest| rest.split(',').next())
        .unwrap();
    let headers = signed
        .split(';')
        .map(|name| (name.to_owned(), header(request, name)))
        .collect();
    let query: Vec<(String, String)> = Vec::new();
    let again = sign(
        SigningRequest {
            method: request.method.as_str(),
            host: &header(request, "host"),
            path: request.url.path(),
            query: &query,
            headers,
            body: &request.body,
        },
        AK,
        SK,
        "unused: the request's X-Sdk-Date is signed",
    );
    authorization.ends_with(&format!("Signature={}", again.signature))
}

/// A multipart upload answered 503 is retried with a fresh form holding the same parts; each
/// attempt's Content-Type carries the boundary its body uses, and that Content-Type is what
/// is signed (the payload as UNSIGNED-PAYLOAD).
#[tokio::test]
async fn a_multipart_upload_is_retried_with_the_same_parts_and_signed() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(201)
                .set_body_raw(r#"{"name": "a.txt", "size": 5}"#, "application/json"),
        )
        .mount(&server)
        .await;
    let config = Config::new()
        .endpoint(server.uri())
        .credentials(Credentials::ak_sk(AK, SK))
        .retry(
            RetryPolicy::attempts(3)
                .with_backoff(Duration::from_millis(1), Duration::from_millis(5)),
        );
    let client = StoreClient::new(&config).unwrap();
    let form = UploadForm::new(
        "notes",
        FilePart::new("hello", "a.txt").with_content_type("text/plain"),
    )
    .with_labels(["x", "y"])
    .with_visibility(Visibility::Public);
    let response = client
        .upload_file(UploadFileRequest::new("docs", form))
        .await
        .unwrap();
    assert_eq!(response.status, 201);

    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 2, "one retry after the 503");
    let mut bodies = Vec::new();
    for request in &requests {
        assert_eq!(
            request.headers.get_all("content-type").iter().count(),
            1,
            "one Content-Type, not the form's and the signed one"
        );
        let boundary = boundary(request);
        let body = String::from_utf8(request.body.clone()).unwrap();
        assert!(body.starts_with(&format!("--{boundary}\r\n")), "{body}");
        assert!(body.ends_with(&format!("--{boundary}--\r\n")), "{body}");
        assert_eq!(header(request, "x-sdk-content-sha256"), "UNSIGNED-PAYLOAD");
        assert!(header(request, "authorization").contains("content-type;"));
        assert!(
            signature_matches(request),
            "the sent Content-Type is the signed one"
        );
        bodies.push(body.replace(&boundary, "BOUNDARY"));
    }
    assert_eq!(bodies[0], bodies[1], "the retry sends the same parts");
    for part in [
        "name=\"description\"\r\n\r\nnotes\r\n",
        "name=\"labels\"\r\n\r\nx\r\n",
        "name=\"labels\"\r\n\r\ny\r\n",
        "name=\"visibility\"\r\n\r\nPUBLIC\r\n",
        "name=\"file\"; filename=\"a.txt\"\r\nContent-Type: text/plain\r\n\r\nhello\r\n",
    ] {
        assert!(bodies[0].contains(part), "{part:?} in {}", bodies[0]);
    }
}

async fn list_with_headers(headers: &[(&str, &str)]) -> Result<StoreListing, Error> {
    let server = MockServer::start().await;
    let mut answer = ResponseTemplate::new(200).set_body_raw("[]", "application/json");
    for (name, value) in headers {
        answer = answer.insert_header(*name, *value);
    }
    Mock::given(any()).respond_with(answer).mount(&server).await;
    let client = StoreClient::new(&config(&server)).unwrap();
    let response = client.list_files(ListFilesRequest::new("docs")).await?;
    let h = response.typed_headers;
    Ok((h.x_total_count, h.x_next_page, h.x_more, h.x_visibility))
}

type StoreListing = (
    Option<i64>,
    Option<String>,
    Option<bool>,
    Option<Visibility>,
);

/// Documented headers are decoded to their types, absent ones are `None`, and one that is
/// present but not of its type is a decode error naming it.
#[tokio::test]
async fn typed_headers_are_decoded_and_a_malformed_one_is_a_decode_error() {
    let decoded = list_with_headers(&[
        ("X-Total-Count", "42"),
        ("x-more", "false"),
        ("X-Visibility", "SECRET"),
    ])
    .await
    .unwrap();
    assert_eq!(
        decoded,
        (
            Some(42),
            None,
            Some(false),
            Some(Visibility::Unknown("SECRET".to_owned()))
        )
    );

    let error = list_with_headers(&[("X-Total-Count", "forty-two")])
        .await
        .unwrap_err();
    let Error::Decode(decode) = &error else {
        panic!("expected a decode error, got {error:?}")
    };
    assert_eq!(decode.status(), 200);
    assert!(
        decode.reason().contains("X-Total-Count") && decode.reason().contains("forty-two"),
        "{}",
        decode.reason()
    );
    let error = list_with_headers(&[("X-More", "yes")]).await.unwrap_err();
    assert!(matches!(error, Error::Decode(_)), "{error:?}");
}

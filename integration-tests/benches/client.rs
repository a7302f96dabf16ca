//! What a call of the generated client costs next to the same request sent with hand-written
//! reqwest, what signing costs, and how fast success bodies decode next to plain serde
//! structs. Run with `cargo bench -p integration-tests --bench client`; the README's
//! Performance section has the figures of this machine.
//!
//! The server is hyper on 127.0.0.1 answering at once with a fixed body, so that the
//! difference between two benchmarks is the client's own work.

use std::convert::Infallible;
use std::hint::black_box;
use std::net::SocketAddr;
use std::time::{Duration, Instant, SystemTime};

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group};
use http_body_util::Full;
use huaweicloud_devops::codearts_pipeline::{
    CodeArtsPipelineClient, PipelineLatestRun, StopPipelineRunRequest,
};
use huaweicloud_devops::runtime::signing::{SigningRequest, sdk_date, sign};
use huaweicloud_devops::runtime::{RetryPolicy, decode_json, reqwest};
use huaweicloud_devops::{Config, Credentials};
use hyper::body::Bytes;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;
use serde::Deserialize;
use tokio::net::TcpListener;

const PROJECT: &str = "93d8e0553c20411fba06bb112b5b59af";
const PIPELINE: &str = "794514e0a3184e5db0a4740112deee0f";
const RUN: &str = "de6c9098f45a4ac58a6efc9c1b81df82";
const TOKEN: &str = "bench-token";
const AK: &str = "HWOAKEXAMPLE0000000000";
const SK: &str = "HWOSKEXAMPLE00000000000000000000000000000";
const USER_AGENT: &str = "bench/1.0";

/// A hyper server on 127.0.0.1 that answers every request with `200 {"success":true}`.
async fn server() -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move {
        loop {
            let Ok((stream, _)) = listener.accept().await else {
                return;
            };
            tokio::spawn(async move {
                let answer = service_fn(|_: Request<hyper::body::Incoming>| async {
                    Ok::<_, Infallible>(
                        Response::builder()
                            .header("Content-Type", "application/json")
                            .header("X-Request-Id", "bench")
                            .body(Full::new(Bytes::from_static(br#"{"success":true}"#)))
                            .unwrap(),
                    )
                });
                let _ = http1::Builder::new()
                    .serve_connection(TokioIo::new(stream), answer)
                    .await;
            });
        }
    });
    address
}

fn path() -> String {
    format!("/v5/{PROJECT}/api/pipelines/{PIPELINE}/pipeline-runs/{RUN}/stop")
}

/// The StopPipelineRun request as AK/SK signing sees it: the headers the client signs.
fn signing_request<'a>(host: &'a str, path: &'a str) -> SigningRequest<'a> {
    SigningRequest {
        method: "POST",
        host,
        path,
        query: &[],
        headers: vec![
            ("User-Agent".to_owned(), USER_AGENT.to_owned()),
            ("Content-Type".to_owned(), "application/json".to_owned()),
            ("X-Project-Id".to_owned(), PROJECT.to_owned()),
        ],
        body: b"",
    }
}

fn request() -> StopPipelineRunRequest {
    StopPipelineRunRequest::new(PIPELINE, RUN)
}

/// The clients the call benchmarks compare, on one local server.
struct Clients {
    runtime: tokio::runtime::Runtime,
    token: CodeArtsPipelineClient,
    signed: CodeArtsPipelineClient,
    http: reqwest::Client,
    /// A second hand-written client, for the paired comparison's control.
    http_again: reqwest::Client,
    url: String,
    host: String,
}

impl Clients {
    fn new() -> Clients {
        let runtime = tokio::runtime::Runtime::new().unwrap();
        let address = runtime.block_on(server());
        let endpoint = format!("http://{address}");
        let config = Config::new()
            .endpoint(&endpoint)
            .project_id(PROJECT)
            .user_agent(USER_AGENT)
            .retry(RetryPolicy::attempts(1));
        let token =
            CodeArtsPipelineClient::new(&config.clone().credentials(Credentials::token(TOKEN)))
                .unwrap();
        let signed =
            CodeArtsPipelineClient::new(&config.credentials(Credentials::ak_sk(AK, SK))).unwrap();
        let http = || {
            reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .unwrap()
        };
        Clients {
            runtime,
            token,
            signed,
            http: http(),
            http_again: http(),
            url: format!("{endpoint}{}", path()),
            host: address.to_string(),
        }
    }

    /// The call with the generated client, with a token or signed.
    async fn generated(&self, signed: bool) {
        let client = if signed { &self.signed } else { &self.token };
        black_box(client.stop_pipeline_run(request()).await.unwrap());
    }

    /// The same request by hand with reqwest, with or without the per-attempt timeout the
    /// runtime sets on every request, with a token or signed by the same function.
    async fn by_hand(&self, http: &reqwest::Client, signed: bool, timeout: Option<Duration>) {
        let mut builder = http.post(&self.url);
        if let Some(timeout) = timeout {
            builder = builder.timeout(timeout);
        }
        if signed {
            let now = SystemTime::now()
                .duration_since(SystemTime::UNIX_EPOCH)
                .unwrap()
                .as_secs();
            let path = path();
            let signature = sign(signing_request(&self.host, &path), AK, SK, &sdk_date(now));
            builder = builder.header("Content-Length", "0");
            for (name, value) in signature.headers {
                builder = builder.header(name, value);
            }
        } else {
            builder = builder
                .header("User-Agent", USER_AGENT)
                .header("Content-Type", "application/json")
                .header("Content-Length", "0")
                .header("X-Auth-Token", TOKEN);
        }
        let response = builder.send().await.unwrap();
        let body = response.bytes().await.unwrap();
        black_box(serde_json::from_slice::<serde_json::Value>(&body).unwrap());
    }
}

/// The per-attempt timeout the runtime sets when none is configured (any value does: the
/// timer is the cost).
const TIMEOUT: Option<Duration> = Some(Duration::from_secs(60));

/// The generated client against hand-written reqwest sending the same bytes: token auth, then
/// AK/SK with a signature computed for each request by the same function.
fn calls(c: &mut Criterion) {
    let clients = Clients::new();
    let mut group = c.benchmark_group("call/stop_pipeline_run");
    for (signed, auth) in [(false, "token"), (true, "aksk")] {
        group.bench_function(format!("{auth}/generated client"), |b| {
            b.to_async(&clients.runtime)
                .iter(|| clients.generated(signed));
        });
        // Without, then with, the per-attempt timeout the runtime sets on every request.
        for (timeout, name) in [(None, ""), (TIMEOUT, ", per-request timeout")] {
            group.bench_function(format!("{auth}/hand-written reqwest{name}"), |b| {
                b.to_async(&clients.runtime)
                    .iter(|| clients.by_hand(&clients.http, signed, timeout));
            });
        }
    }
    group.finish();
}

/// Who sends a request in the paired comparison.
#[derive(Clone, Copy, PartialEq)]
enum Sender {
    Generated,
    ByHand,
    /// Hand-written reqwest again, through a second `reqwest::Client` (its own connection):
    /// the control, whose ratio to `ByHand` shows what the method measures when there is
    /// nothing to find.
    ByHandAgain,
}

impl Sender {
    async fn call(self, clients: &Clients, signed: bool) {
        match self {
            Sender::Generated => clients.generated(signed).await,
            Sender::ByHand => clients.by_hand(&clients.http, signed, TIMEOUT).await,
            Sender::ByHandAgain => clients.by_hand(&clients.http_again, signed, TIMEOUT).await,
        }
    }
}

/// The generated client over hand-written reqwest with the same per-request timeout, measured
/// in alternating rounds so that both see the same machine: on a machine whose speed drifts,
/// two criterion benchmarks run one after the other can differ by more than the ratio sought.
/// Prints the median of the per-round ratios and their interquartile range, then the same for
/// the control (hand-written against hand-written), which should be 1.00.
fn paired_calls() {
    let clients = Clients::new();
    for (signed, auth) in [(false, "token"), (true, "aksk")] {
        for (sender, against) in [
            (
                Sender::Generated,
                "generated client / hand-written reqwest (same timeout)",
            ),
            (
                Sender::ByHandAgain,
                "control: hand-written / hand-written, another client",
            ),
        ] {
            let (median, low, high) = clients.runtime.block_on(paired(&clients, signed, sender));
            println!(
                "paired/{auth}: {against} = {median:.3} (interquartile {low:.3}-{high:.3}; \
                 {ROUNDS} rounds of {CALLS} calls each)"
            );
        }
    }
}

const ROUNDS: usize = 200;
const CALLS: usize = 20;

/// The median and quartiles of the per-round time ratios of `sender` to hand-written reqwest.
async fn paired(clients: &Clients, signed: bool, sender: Sender) -> (f64, f64, f64) {
    for _ in 0..CALLS {
        sender.call(clients, signed).await;
        Sender::ByHand.call(clients, signed).await;
    }
    let mut ratios = Vec::with_capacity(ROUNDS);
    for round in 0..ROUNDS {
        let mut measured = Duration::ZERO;
        let mut by_hand = Duration::ZERO;
        // Which goes first alternates, so that neither always follows the other.
        for first in [round % 2 == 0, round % 2 != 0] {
            let who = if first { sender } else { Sender::ByHand };
            let start = Instant::now();
            for _ in 0..CALLS {
                who.call(clients, signed).await;
            }
            if first {
                measured = start.elapsed();
            } else {
                by_hand = start.elapsed();
            }
        }
        ratios.push(measured.as_secs_f64() / by_hand.as_secs_f64());
    }
    ratios.sort_by(f64::total_cmp);
    let at = |q: f64| ratios[((ratios.len() - 1) as f64 * q).round() as usize];
    (at(0.5), at(0.25), at(0.75))
}

/// Sends `calls` requests and nothing else, for a profiler:
/// `-- profile <generated|by-hand|both> <token|aksk> <calls>` (e.g. under `perf record`).
/// `both` alternates a call of the generated client and one by hand, `calls` of each: in one
/// process, both see the machine at the same speed, so a call-graph recording split by
/// `Clients::generated` and `Clients::by_hand` compares them step by step (the README says
/// how).
fn profile(args: &[String]) {
    let parsed = match (args.first(), args.get(1), args.get(2)) {
        (Some(who), Some(auth), Some(calls)) => {
            let senders: Option<&[Sender]> = match who.as_str() {
                "generated" => Some(&[Sender::Generated]),
                "by-hand" => Some(&[Sender::ByHand]),
                "both" => Some(&[Sender::Generated, Sender::ByHand]),
                _ => None,
            };
            let signed = match auth.as_str() {
                "token" => Some(false),
                "aksk" => Some(true),
                _ => None,
            };
            senders.zip(signed).zip(calls.parse::<usize>().ok())
        }
        _ => None,
    };
    let Some(((senders, signed), calls)) = parsed else {
        eprintln!("usage: -- profile <generated|by-hand|both> <token|aksk> <calls>");
        std::process::exit(2);
    };
    let clients = Clients::new();
    clients.runtime.block_on(async {
        for _ in 0..calls {
            for sender in senders {
                sender.call(&clients, signed).await;
            }
        }
    });
}

/// SDK-HMAC-SHA256 of one request.
fn signing(c: &mut Criterion) {
    let path = path();
    c.bench_function("sign/stop_pipeline_run", |b| {
        b.iter(|| {
            black_box(sign(
                signing_request("cloudpipeline-ext.cn-north-4.myhuaweicloud.com", &path),
                AK,
                SK,
                "20260101T000000Z",
            ))
        });
    });
}

/// A BatchShowPipelinesLatestStatus answer of `runs` runs, every field set.
fn batch(runs: usize) -> Vec<u8> {
    let items: Vec<serde_json::Value> = (0..runs)
        .map(|i| {
            serde_json::json!({
                "pipeline_id": format!("{i:032x}"),
                "pipeline_run_id": format!("{:032x}", i * 7 + 1),
                "executor_id": "5b8f3a2c9d1e4f6a8b7c0d2e4f6a8b9c",
                "executor_name": format!("user-{i}"),
                "stage_status_list": [
                    {"name": "Build", "sequence": 0, "status": "COMPLETED",
                     "start_time": "2026-01-01 00:00:00", "end_time": "2026-01-01 00:01:00"},
                    {"name": "Deploy", "sequence": 1, "status": "RUNNING",
                     "start_time": "2026-01-01 00:01:00", "end_time": ""}
                ],
                "status": if i % 3 == 0 { "RUNNING" } else { "COMPLETED" },
                "run_number": i + 1,
                "trigger_type": "Manual",
                "build_params": {
                    "action": "merge", "build_type": "branch", "commit_id": "0a1b2c3d",
                    "event_type": "Manual", "merge_id": "12", "message": "fix the build",
                    "source_branch": "feature", "tag": "", "target_branch": "master",
                    "codehub_id": "2111", "git_url": "https://example.com/repo.git",
                    "source_codehub_id": "2111",
                    "source_codehub_url": "https://example.com/repo",
                    "source_codehub_http_url": "https://example.com/repo.git"
                },
                "artifact_params": {"version": "1.0.0", "branch_filter": "master",
                                    "package_name": "app", "organization": "team"},
                "start_time": 1_677_919_688_000_i64 + i as i64,
                "end_time": 1_677_919_811_000_i64 + i as i64,
                "modify_url": "https://example.com/edit",
                "detail_url": "https://example.com/detail"
            })
        })
        .collect();
    serde_json::to_vec(&items).unwrap()
}

/// Plain serde structs with the same fields (enums as strings): the yardstick.
#[allow(dead_code)]
#[derive(Deserialize)]
struct PlainRun {
    pipeline_id: Option<String>,
    pipeline_run_id: Option<String>,
    executor_id: Option<String>,
    executor_name: Option<String>,
    stage_status_list: Option<Vec<PlainStage>>,
    status: Option<String>,
    run_number: Option<i32>,
    trigger_type: Option<String>,
    build_params: Option<PlainBuildParams>,
    artifact_params: Option<PlainArtifactParams>,
    start_time: Option<i64>,
    end_time: Option<i64>,
    modify_url: Option<String>,
    detail_url: Option<String>,
}

#[allow(dead_code)]
#[derive(Deserialize)]
struct PlainStage {
    name: Option<String>,
    sequence: Option<i32>,
    status: Option<String>,
    start_time: Option<String>,
    end_time: Option<String>,
}

#[allow(dead_code)]
#[derive(Deserialize)]
struct PlainBuildParams {
    action: Option<String>,
    build_type: Option<String>,
    commit_id: Option<String>,
    event_type: Option<String>,
    merge_id: Option<String>,
    message: Option<String>,
    source_branch: Option<String>,
    tag: Option<String>,
    target_branch: Option<String>,
    codehub_id: Option<String>,
    git_url: Option<String>,
    source_codehub_id: Option<String>,
    source_codehub_url: Option<String>,
    source_codehub_http_url: Option<String>,
}

#[allow(dead_code)]
#[derive(Deserialize)]
struct PlainArtifactParams {
    version: Option<String>,
    branch_filter: Option<String>,
    package_name: Option<String>,
    organization: Option<String>,
}

/// Decoding 10,000 runs: the generated types as the client decodes them (with the lenient
/// rules) and with serde_json alone, against plain serde structs and `serde_json::Value`.
fn decoding(c: &mut Criterion) {
    let body = batch(10_000);
    let mut group = c.benchmark_group("decode/batch_show_10000_runs");
    group.throughput(Throughput::Bytes(body.len() as u64));
    group.bench_with_input(
        BenchmarkId::from_parameter("generated types, as the client decodes"),
        &body,
        |b, body| b.iter(|| black_box(decode_json::<Vec<PipelineLatestRun>>(body).unwrap())),
    );
    group.bench_with_input(
        BenchmarkId::from_parameter("generated types, strict serde_json"),
        &body,
        |b, body| {
            b.iter(|| black_box(serde_json::from_slice::<Vec<PipelineLatestRun>>(body).unwrap()))
        },
    );
    group.bench_with_input(
        BenchmarkId::from_parameter("plain serde structs"),
        &body,
        |b, body| b.iter(|| black_box(serde_json::from_slice::<Vec<PlainRun>>(body).unwrap())),
    );
    group.bench_with_input(
        BenchmarkId::from_parameter("serde_json::Value"),
        &body,
        |b, body| b.iter(|| black_box(serde_json::from_slice::<serde_json::Value>(body).unwrap())),
    );
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .measurement_time(Duration::from_secs(5))
        .warm_up_time(Duration::from_secs(1));
    targets = decoding, signing, calls
}

/// Criterion's benchmarks; or the paired call comparison
/// (`cargo bench -p integration-tests --bench client -- paired`); or calls for a profiler
/// (`-- profile ...`).
fn main() {
    let args: Vec<String> = std::env::args().collect();
    let bench = args.iter().any(|a| a == "--bench");
    if let Some(at) = args.iter().position(|a| a == "profile") {
        if bench {
            profile(&args[at + 1..]);
        }
        return;
    }
    if args.iter().any(|a| a == "paired") {
        if bench {
            paired_calls();
        }
        // Under `cargo test --benches` benchmarks run as tests: nothing to time then.
        return;
    }
    benches();
    Criterion::default().configure_from_args().final_summary();
}

//! Stops a CodeArts Pipeline run, with AK/SK credentials from the environment.
//!
//! ```sh
//! export CLOUD_SDK_AK=... CLOUD_SDK_SK=...
//! cargo run -p integration-tests --example stop_pipeline_run -- \
//!     --region cn-north-4 --project <project id> <pipeline id> <run id>
//! ```

use std::process::ExitCode;

use huaweicloud_devops::codearts_pipeline::{CodeArtsPipelineClient, StopPipelineRunRequest};
use huaweicloud_devops::{Config, Error};

const HELP: &str = "\
Stop a CodeArts Pipeline run.

Usage: stop_pipeline_run [--region <id>] [--endpoint <url>] --project <project id> <pipeline id> <run id>

Arguments:
  <pipeline id>         the pipeline, 32 letters and digits
  <run id>              the run to stop, 32 letters and digits

Options:
  --region <id>         region id, e.g. cn-north-4 (default: cn-north-4)
  --endpoint <url>      send to this endpoint instead of the region's
  --project <id>        the CodeArts project id (fills {project_id} and X-Project-Id)
  -h, --help            print this help

Environment:
  CLOUD_SDK_AK, CLOUD_SDK_SK    access key id and secret access key (required)
  CLOUD_SDK_SECURITY_TOKEN      security token, for temporary credentials
  HUAWEICLOUD_SDK_REGION_CODEARTSPIPELINE_<REGION>   comma-separated endpoint override
";

struct Args {
    region: String,
    endpoint: Option<String>,
    project: String,
    pipeline: String,
    run: String,
}

fn parse(mut args: impl Iterator<Item = String>) -> Result<Option<Args>, String> {
    let (mut region, mut endpoint, mut project) = ("cn-north-4".to_owned(), None, None);
    let mut positional = Vec::new();
    while let Some(arg) = args.next() {
        let mut value = |name: &str| args.next().ok_or(format!("{name} needs a value"));
        match arg.as_str() {
            "-h" | "--help" => return Ok(None),
            "--region" => region = value("--region")?,
            "--endpoint" => endpoint = Some(value("--endpoint")?),
            "--project" => project = Some(value("--project")?),
            other if other.starts_with('-') => return Err(format!("unknown option {other}")),
            _ => positional.push(arg),
        }
    }
    let project = project.ok_or("--project is required")?;
    let [pipeline, run]: [String; 2] = positional
        .try_into()
        .map_err(|_| "expected <pipeline id> and <run id>".to_owned())?;
    Ok(Some(Args {
        region,
        endpoint,
        project,
        pipeline,
        run,
    }))
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = match parse(std::env::args().skip(1)) {
        Ok(Some(args)) => args,
        Ok(None) => {
            print!("{HELP}");
            return ExitCode::SUCCESS;
        }
        Err(problem) => {
            eprintln!("error: {problem}\n\n{HELP}");
            return ExitCode::from(2);
        }
    };
    match run(args).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            if let Error::Api(api) = &error {
                eprintln!("  status:     {}", api.status());
                eprintln!("  error code: {}", api.error_code().unwrap_or("-"));
                eprintln!("  message:    {}", api.error_msg().unwrap_or("-"));
                eprintln!("  request id: {}", api.request_id().unwrap_or("-"));
            }
            ExitCode::FAILURE
        }
    }
}

async fn run(args: Args) -> Result<(), Error> {
    let mut config = Config::from_env()?
        .region(args.region)
        .project_id(args.project);
    if let Some(endpoint) = args.endpoint {
        config = config.endpoint(endpoint);
    }
    let client = CodeArtsPipelineClient::new(&config)?;
    let response = client
        .stop_pipeline_run(StopPipelineRunRequest::new(args.pipeline, args.run))
        .await?;
    println!(
        "stopped: {} (request id {})",
        response
            .body
            .success
            .map_or("unknown".to_owned(), |s| s.to_string()),
        response.request_id.as_deref().unwrap_or("-")
    );
    Ok(())
}

//! Stops a CodeArts Pipeline run, with credentials found the way the official SDK finds them:
//! environment variables, then `~/.huaweicloud/credentials`, then the ECS metadata service.
//!
//! ```sh
//! export HUAWEICLOUD_SDK_AK=... HUAWEICLOUD_SDK_SK=...   # or CLOUD_SDK_AK / CLOUD_SDK_SK
//! cargo run -p integration-tests --example stop_pipeline_run -- \
//!     --region cn-north-4 --project <project id> <pipeline id> <run id>
//! ```

use std::process::ExitCode;

use huaweicloud_devops::codearts_pipeline::{CodeArtsPipelineClient, StopPipelineRunRequest};
use huaweicloud_devops::runtime::credentials::ProfileProvider;
use huaweicloud_devops::{Config, Error};

const HELP: &str = "\
Stop a CodeArts Pipeline run.

Usage: stop_pipeline_run [--region <id>] [--endpoint <url>] [--project <project id>] [--profile <name>] <pipeline id> <run id>

Arguments:
  <pipeline id>         the pipeline, 32 letters and digits
  <run id>              the run to stop, 32 letters and digits

Options:
  --region <id>         region id, e.g. cn-north-4 (default: cn-north-4)
  --endpoint <url>      send to this endpoint instead of the region's
  --project <id>        the CodeArts project id (fills {project_id} and X-Project-Id);
                        default: the one found with the credentials
  --profile <name>      use only this section of the credentials file (e.g. basic-dev)
  -h, --help            print this help

Credentials, the first source that has them (the official SDK's order):
  1. HUAWEICLOUD_SDK_AK, HUAWEICLOUD_SDK_SK [, HUAWEICLOUD_SDK_SECURITY_TOKEN]
     [, HUAWEICLOUD_SDK_PROJECT_ID]; else CLOUD_SDK_AK, CLOUD_SDK_SK
     [, CLOUD_SDK_SECURITY_TOKEN]
  2. the [basic] section of ~/.huaweicloud/credentials (or of the file named by
     HUAWEICLOUD_SDK_CREDENTIALS_FILE): ak, sk [, security_token] [, project_id]
  3. the ECS metadata service (temporary credentials of the instance's agency)

Environment:
  HUAWEICLOUD_SDK_REGION_CODEARTSPIPELINE_<REGION>   comma-separated endpoint override
";

struct Args {
    region: String,
    endpoint: Option<String>,
    project: Option<String>,
    profile: Option<String>,
    pipeline: String,
    run: String,
}

fn parse(mut args: impl Iterator<Item = String>) -> Result<Option<Args>, String> {
    let (mut region, mut endpoint, mut project, mut profile) =
        ("cn-north-4".to_owned(), None, None, None);
    let mut positional = Vec::new();
    while let Some(arg) = args.next() {
        let mut value = |name: &str| args.next().ok_or(format!("{name} needs a value"));
        match arg.as_str() {
            "-h" | "--help" => return Ok(None),
            "--region" => region = value("--region")?,
            "--endpoint" => endpoint = Some(value("--endpoint")?),
            "--project" => project = Some(value("--project")?),
            "--profile" => profile = Some(value("--profile")?),
            other if other.starts_with('-') => return Err(format!("unknown option {other}")),
            _ => positional.push(arg),
        }
    }
    let [pipeline, run]: [String; 2] = positional
        .try_into()
        .map_err(|_| "expected <pipeline id> and <run id>".to_owned())?;
    Ok(Some(Args {
        region,
        endpoint,
        project,
        profile,
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
    let mut config = match args.profile {
        Some(profile) => Config::new().credentials(ProfileProvider::new().profile(profile).load()?),
        None => Config::from_default_chain().await?,
    }
    .region(args.region);
    // Without --project, the project id found with the credentials is used, if any; a call
    // without one fails before sending, saying so.
    if let Some(project) = args.project {
        config = config.project_id(project);
    }
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

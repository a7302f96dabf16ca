use std::time::Duration;

use huaweicloud_devops::codearts_pipeline::{CodeArtsPipelineClient, StopPipelineRunRequest};
use huaweicloud_devops::{CallOptions, Config, Error};

#[tokio::main]
async fn main() -> Result<(), Error> {
    let config = Config::from_env()? // AK/SK from CLOUD_SDK_AK / CLOUD_SDK_SK
        .region("cn-north-4")
        .project_id("93d8e0553c20411fba06bb112b5b59af"); // fills every {project_id}
    let pipelines = CodeArtsPipelineClient::new(&config)?;
    let request = StopPipelineRunRequest::new(
        "794514e0a3184e5db0a4740112deee0f", // pipeline id: required, checked before sending
        "de6c9098f45a4ac58a6efc9c1b81df82", // run id
    );
    let hurried = pipelines.with_options(&CallOptions::new().timeout(Duration::from_secs(5)))?;
    match hurried.stop_pipeline_run(request).await {
        Ok(response) => println!(
            "stopped: {:?}, request id {:?}",
            response.body.success, response.request_id
        ),
        Err(Error::Api(e)) if e.status() == 404 => eprintln!("no such run: {e}"),
        Err(Error::InvalidRequest { violations, .. }) => eprintln!("bad input: {violations:?}"),
        Err(other) => return Err(other),
    }
    Ok(())
}

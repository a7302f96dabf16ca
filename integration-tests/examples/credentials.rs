use huaweicloud_devops::codearts_pipeline::CodeArtsPipelineClient;
use huaweicloud_devops::runtime::credentials::{
    CredentialsChain, MetadataProvider, ProfileProvider,
};
use huaweicloud_devops::{Config, Credentials, Error};

#[tokio::main]
async fn main() -> Result<(), Error> {
    // Environment, then ~/.huaweicloud/credentials, then the ECS metadata service.
    let config = Config::from_default_chain().await?.region("cn-north-4");
    let pipelines = CodeArtsPipelineClient::new(&config)?;
    println!("{pipelines:?}");

    // Your own order and settings: a named profile, then a metadata service elsewhere.
    let chain = CredentialsChain::new()
        .with(ProfileProvider::new().profile("basic-dev"))
        .with(MetadataProvider::new().endpoint("http://127.0.0.1:8080"));
    let config = Config::new()
        .region("cn-north-4")
        .credentials(Credentials::load(chain).await?);
    println!("{config:?}");
    Ok(())
}

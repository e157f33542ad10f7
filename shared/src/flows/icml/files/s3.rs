//! Catalogues as objects of an S3 bucket (`ICML_BUCKET`), handed out as
//! presigned GET URLs: the bytes never pass through a Lambda response.

use super::{CatalogueFiles, Download, file_name};
use crate::error::{Error, Result};
use crate::model::TenantId;
use async_trait::async_trait;
use aws_sdk_s3::Client;
use aws_sdk_s3::presigning::PresigningConfig;
use aws_sdk_s3::primitives::ByteStream;
use std::time::Duration;
use tempfile::{NamedTempFile, TempPath};

/// How long a download URL stays valid.
pub const URL_TTL: Duration = Duration::from_secs(15 * 60);

/// `s3://<bucket>/icml/<tenant>.xml`.
#[derive(Debug, Clone)]
pub struct S3CatalogueFiles {
    client: Client,
    bucket: String,
}

impl S3CatalogueFiles {
    pub fn new(client: Client, bucket: impl Into<String>) -> Self {
        S3CatalogueFiles {
            client,
            bucket: bucket.into(),
        }
    }

    /// A client on `sdk`; path-style addressing when the endpoint is
    /// overridden (a local S3 such as moto has no per-bucket host names).
    pub fn client(sdk: &aws_config::SdkConfig) -> Client {
        let config = aws_sdk_s3::config::Builder::from(sdk)
            .force_path_style(sdk.endpoint_url().is_some())
            .build();
        Client::from_conf(config)
    }

    fn key(tenant: &TenantId) -> String {
        format!("icml/{}", file_name(tenant))
    }
}

fn s3_error(what: &str, e: impl std::fmt::Debug) -> Error {
    Error::Storage(format!("S3 {what}: {e:?}"))
}

#[async_trait]
impl CatalogueFiles for S3CatalogueFiles {
    fn staged_file(&self) -> Result<NamedTempFile> {
        // Lambda's /tmp (512 MB by default) holds the file while it uploads.
        NamedTempFile::new().map_err(Error::storage)
    }

    async fn publish(&self, tenant: &TenantId, file: TempPath) -> Result<()> {
        // Streamed from disk: memory stays flat whatever the catalogue's size.
        let body = ByteStream::from_path(&file)
            .await
            .map_err(|e| s3_error("read staged file", e))?;
        self.client
            .put_object()
            .bucket(&self.bucket)
            .key(Self::key(tenant))
            .content_type("application/xml; charset=utf-8")
            .body(body)
            .send()
            .await
            .map_err(|e| s3_error("PutObject", e))?;
        Ok(())
    }

    async fn download(&self, tenant: &TenantId) -> Result<Option<Download>> {
        let key = Self::key(tenant);
        let head = self
            .client
            .head_object()
            .bucket(&self.bucket)
            .key(&key)
            .send()
            .await;
        if let Err(e) = head {
            if e.as_service_error().is_some_and(|s| s.is_not_found()) {
                return Ok(None);
            }
            return Err(s3_error("HeadObject", e));
        }
        let presign = PresigningConfig::expires_in(URL_TTL).map_err(|e| s3_error("presign", e))?;
        let request = self
            .client
            .get_object()
            .bucket(&self.bucket)
            .key(&key)
            .presigned(presign)
            .await
            .map_err(|e| s3_error("presign GetObject", e))?;
        Ok(Some(Download::Redirect(request.uri().to_owned())))
    }
}

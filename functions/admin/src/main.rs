//! `admin`: the admin API on Lambda (tenant settings, journal).
//!
//! ICML exports are queued on `EXPORT_QUEUE_URL` and downloaded from
//! `ICML_BUCKET` through presigned URLs.
//!
//! Every route needs `Authorization: Bearer <token>` where the token's
//! SHA-256 is `ADMIN_TOKEN_SHA256`. Settings are written through the sealing
//! store, so peer credentials land KMS-encrypted and are never echoed back.

use synclane::admin::{self, AdminState, AdminToken};
use synclane::runtime::aws::AwsRuntime;
use synclane::runtime::lambda::{self, Error};

#[tokio::main]
async fn main() -> Result<(), Error> {
    lambda::init_tracing();
    let aws = AwsRuntime::from_env().await?;
    let state = AdminState {
        store: aws.store.clone(),
        token: AdminToken::from_env()?,
        exports: aws.exports()?,
    };
    lambda::serve_http(admin::router(state)).await
}

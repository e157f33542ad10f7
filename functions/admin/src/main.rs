//! `admin`: the admin API on Lambda (tenant settings, journal, ICML
//! exports), and the catalogue's public URL the CRM loads.
//!
//! ICML exports are queued on `EXPORT_QUEUE_URL` and handed out from
//! `ICML_BUCKET` through presigned URLs. SS-1 links and the SS-4 check of
//! saved settings call the tenant's Webasyst installs (rate budgets in the
//! table, as every function's).
//!
//! Tenant routes (`/admin/tenants/{tenant}/...`) need a key of that tenant,
//! operator routes (`/admin/accounts/...`) the operator token, whose SHA-256
//! is `ADMIN_TOKEN_SHA256` (`Authorization: Bearer ...`; see
//! `synclane::admin`). Failed sign-ins are limited per source address, the
//! one API Gateway saw. Settings are written through the
//! sealing store, so peer credentials land KMS-encrypted and are never
//! echoed back. `/catalogue/{tenant}/{feed_token}.xml` is public: the feed
//! token in the path is its credential.

use synclane::admin::{self, AdminState, AdminSync, AdminToken};
use synclane::hooks::catalogue::{self, FeedState};
use synclane::runtime::aws::AwsRuntime;
use synclane::runtime::lambda::{self, Error};

#[tokio::main]
async fn main() -> Result<(), Error> {
    lambda::init_tracing();
    let aws = AwsRuntime::from_env().await?;
    let exports = aws.exports()?;
    let public = catalogue::router(FeedState {
        store: aws.store.clone(),
        files: exports.files.clone(),
    });
    // Frozen once it answers: the export function runs backfills.
    let backfills = exports.queue.clone();
    let state = AdminState::new(
        aws.store.clone(),
        AdminToken::from_env()?,
        exports,
        AdminSync {
            peers: aws.peers(),
            queue: aws.queue_port(),
            registry: aws.registry(),
        },
    )
    .with_backfills_queued(backfills);
    lambda::serve_http(admin::router(state).merge(public)).await
}

//! `synclane tenant ...`: tenant accounts and API keys on the local store,
//! the same records the operator routes (`/admin/accounts`) write; run it
//! beside `synclane serve` (the database takes both).
//!
//! - `tenant create --tenant acme [--label L]`: the account and its first
//!   key, printed once;
//! - `tenant list`; `tenant disable --tenant acme` (its keys stop working);
//! - `tenant keys --tenant acme`: ids, labels, dates (never a key);
//! - `tenant issue-key --tenant acme [--label L]`; `tenant revoke-key
//!   --tenant acme --key ID` (rotation: issue, switch, revoke).

use clap::{Args, Subcommand};
use std::path::PathBuf;
use synclane::admin::keys::{self, IssuedKey, KeyInfo};
use synclane::model::TenantId;
use synclane::runtime::config::LocalConfig;
use synclane::store::{Account, PutOutcome, Store};

#[derive(Args)]
pub struct TenantArgs {
    #[arg(long, default_value = "synclane.toml", env = "SYNCLANE_CONFIG")]
    config: PathBuf,
    #[command(subcommand)]
    command: TenantCommand,
}

#[derive(Subcommand)]
enum TenantCommand {
    /// Create a tenant's account and print its first API key (once).
    Create {
        #[arg(long)]
        tenant: String,
        #[arg(long, default_value = "first key")]
        label: String,
    },
    /// List the tenant accounts.
    List,
    /// Disable a tenant's account: its keys are deleted.
    Disable {
        #[arg(long)]
        tenant: String,
    },
    /// List a tenant's keys (ids, labels, dates; never a key).
    Keys {
        #[arg(long)]
        tenant: String,
    },
    /// Issue another key for a tenant (printed once).
    IssueKey {
        #[arg(long)]
        tenant: String,
        #[arg(long, default_value = "key")]
        label: String,
    },
    /// Revoke a tenant's key by its id.
    RevokeKey {
        #[arg(long)]
        tenant: String,
        #[arg(long)]
        key: String,
    },
}

fn tenant_id(raw: &str) -> anyhow::Result<TenantId> {
    TenantId::parse(raw).ok_or_else(|| anyhow::anyhow!("{raw:?} is not a tenant id"))
}

pub async fn run(args: TenantArgs) -> anyhow::Result<()> {
    let config = LocalConfig::load(&args.config)?;
    let (_db, store) = synclane::runtime::local::open_store(&config).await?;
    match args.command {
        TenantCommand::Create { tenant, label } => {
            create(&store, &tenant_id(&tenant)?, &label).await
        }
        TenantCommand::List => {
            for account in store.accounts.list_accounts().await? {
                let state = if account.disabled {
                    "disabled"
                } else {
                    "enabled"
                };
                println!(
                    "{}\t{state}\tcreated {}",
                    account.tenant, account.created_ms
                );
            }
            Ok(())
        }
        TenantCommand::Disable { tenant } => {
            let tenant = tenant_id(&tenant)?;
            anyhow::ensure!(
                store.accounts.disable_account(&tenant).await?,
                "no account {tenant}"
            );
            println!("tenant {tenant} disabled; its keys are revoked");
            Ok(())
        }
        TenantCommand::Keys { tenant } => {
            for key in store.accounts.list_keys(&tenant_id(&tenant)?).await? {
                let KeyInfo {
                    id,
                    label,
                    created_ms,
                    last_used_ms,
                } = KeyInfo::from(&key);
                let used = last_used_ms.map_or("never used".into(), |at| format!("last used {at}"));
                println!("{id}\t{label}\tcreated {created_ms}\t{used}");
            }
            Ok(())
        }
        TenantCommand::IssueKey { tenant, label } => {
            let tenant = tenant_id(&tenant)?;
            let issued = keys::issue(store.accounts.as_ref(), &tenant, &label).await?;
            print_key(&issued.ok_or_else(|| anyhow::anyhow!("no enabled account {tenant}"))?);
            Ok(())
        }
        TenantCommand::RevokeKey { tenant, key } => {
            let tenant = tenant_id(&tenant)?;
            anyhow::ensure!(
                store.accounts.revoke_key(&tenant, &key).await?,
                "{tenant} has no key {key}"
            );
            println!("key {key} of {tenant} revoked");
            Ok(())
        }
    }
}

async fn create(store: &Store, tenant: &TenantId, label: &str) -> anyhow::Result<()> {
    let account = Account {
        tenant: tenant.clone(),
        created_ms: synclane::clock::now_ms(),
        disabled: false,
    };
    if let PutOutcome::Exists(_) = store.accounts.create_account(&account).await? {
        anyhow::bail!("tenant {tenant} has an account already (issue-key gives it another key)");
    }
    let issued = keys::issue(store.accounts.as_ref(), tenant, label).await?;
    println!("tenant {tenant} created");
    print_key(&issued.ok_or_else(|| anyhow::anyhow!("the account of {tenant} is disabled"))?);
    Ok(())
}

fn print_key(issued: &IssuedKey) {
    println!("key id {} ({})", issued.info.id, issued.info.label);
    println!("{}", issued.key);
    eprintln!("Store this key now: it is not shown again.");
}

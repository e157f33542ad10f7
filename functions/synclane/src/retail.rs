//! `synclane retail --config F --tenant T on|off`: switches MoySklad retail
//! (MS-R1) for a tenant of the local config — registers or removes the
//! `retaildemand` CREATE webhook and saves the flag in the store.

use clap::{Args, ValueEnum};
use std::path::PathBuf;
use synclane::flows::moysklad_retail::apply::switch::{RetailSwitch, set_retail};
use synclane::model::TenantId;
use synclane::peers::{Peers, http_client as peer_http_client};
use synclane::runtime::config::LocalConfig;

#[derive(Args)]
pub struct RetailArgs {
    #[arg(long, default_value = "synclane.toml", env = "SYNCLANE_CONFIG")]
    config: PathBuf,
    #[arg(long)]
    tenant: String,
    state: State,
}

#[derive(Clone, Copy, ValueEnum)]
enum State {
    On,
    Off,
}

pub async fn run(args: RetailArgs) -> anyhow::Result<()> {
    let config = LocalConfig::load(&args.config)?;
    let tenant = TenantId::parse(&args.tenant)
        .ok_or_else(|| anyhow::anyhow!("{:?} is not a tenant id", args.tenant))?;
    let (_db, store) = synclane::runtime::local::open_store(&config).await?;
    // The store may not have seen the config yet (the server saves it on start).
    if store.tenants.get_tenant(&tenant).await?.is_none() {
        let settings = config
            .tenants
            .iter()
            .find(|t| t.id == tenant)
            .ok_or_else(|| anyhow::anyhow!("tenant {tenant} is not in {:?}", args.config))?;
        store.tenants.put_tenant(settings).await?;
    }
    let on = matches!(args.state, State::On);
    match set_retail(&store, &Peers::local(peer_http_client()), &tenant, on).await? {
        RetailSwitch::On { webhook_id } => {
            println!("retail on for {tenant}: retaildemand CREATE webhook {webhook_id}")
        }
        RetailSwitch::Off { removed } => {
            println!("retail off for {tenant}: {removed} webhook(s) removed")
        }
    }
    println!(
        "note: `synclane serve` saves the tenants of {:?} on start; set \
         moysklad.sync.retail.enabled = {on} there to keep this after a restart",
        args.config
    );
    Ok(())
}

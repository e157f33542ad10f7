//! `synclane icml --config <file> --tenant <id> [--out file]`: writes the
//! tenant's ICML catalogue generated from MoySklad (MS-B9), then checks the
//! file against the format's structure.

use std::path::PathBuf;
use std::sync::Arc;
use synclane::budget::{LocalRateBudget, RateLimits};
use synclane::connectors::moysklad::MoySklad;
use synclane::flows::icml::{IcmlShop, validate, write};
use synclane::peers::http_client as peer_http_client;
use synclane::runtime::config::LocalConfig;

#[derive(clap::Args, Debug, Clone)]
pub struct IcmlArgs {
    #[arg(long, default_value = "synclane.toml", env = "SYNCLANE_CONFIG")]
    config: PathBuf,
    /// The tenant whose MoySklad catalogue is exported.
    #[arg(long)]
    tenant: String,
    /// Where to write (default: standard output).
    #[arg(long)]
    out: Option<PathBuf>,
    /// `<shop><name>`; the CRM site code when absent.
    #[arg(long)]
    shop_name: Option<String>,
}

pub async fn run(args: IcmlArgs) -> anyhow::Result<()> {
    let config = LocalConfig::load(&args.config)?;
    let tenant = config
        .tenants
        .iter()
        .find(|t| t.id.as_str() == args.tenant)
        .ok_or_else(|| anyhow::anyhow!("no tenant {} in {}", args.tenant, args.config.display()))?;
    let ms = tenant
        .moysklad
        .clone()
        .ok_or_else(|| anyhow::anyhow!("tenant {} has no MoySklad account", args.tenant))?;
    let name = args
        .shop_name
        .or_else(|| tenant.retailcrm.as_ref().map(|c| c.site.clone()))
        .unwrap_or_else(|| args.tenant.clone());
    let shop = IcmlShop {
        company: name.clone(),
        name,
    };
    let client = MoySklad::new(
        peer_http_client(),
        ms,
        Arc::new(LocalRateBudget::new(RateLimits::MOYSKLAD)),
    );
    match &args.out {
        Some(path) => {
            let file = std::io::BufWriter::new(std::fs::File::create(path)?);
            let offers = write(&client, &shop, file).await?;
            let summary = validate(std::io::BufReader::new(std::fs::File::open(path)?))?;
            eprintln!(
                "{}: {offers} offers ({} modifications), {} categories; structure valid",
                path.display(),
                summary.variant_offers,
                summary.categories
            );
        }
        None => {
            let mut buf = Vec::new();
            write(&client, &shop, &mut buf).await?;
            validate(buf.as_slice())?;
            std::io::Write::write_all(&mut std::io::stdout(), &buf)?;
        }
    }
    Ok(())
}

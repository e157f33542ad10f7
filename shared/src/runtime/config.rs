//! The local runtime's TOML configuration.

use crate::error::{Error, Result};
use crate::settings::TenantSettings;
use serde::Deserialize;
use std::net::SocketAddr;
use std::path::PathBuf;

/// `synclane serve --config <file>`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LocalConfig {
    /// Address the hooks are served on.
    #[serde(default = "default_listen")]
    pub listen: SocketAddr,
    /// The embedded database file (store and queue).
    #[serde(default = "default_database")]
    pub database: PathBuf,
    /// `disk` (default): every acknowledged write is fsynced; `process`: it
    /// survives a crash of Synclane but not of the machine (faster acks).
    #[serde(default)]
    pub durability: crate::sqlite::Durability,
    /// Concurrent worker tasks; 0 serves the hooks only.
    #[serde(default = "default_workers")]
    pub workers: usize,
    /// Failed attempts before a message goes to the dead letters (a
    /// process that died mid-message, or a wait, is not one).
    #[serde(default = "default_max_receives")]
    pub max_receives: u32,
    /// Messages of one tenant's flow handled at once (as the 4 SQS lanes
    /// of a flow allow on AWS); raise it with `workers` for the ERP
    /// export's shared batches.
    #[serde(default = "default_max_in_flight_per_flow")]
    pub max_in_flight_per_flow: usize,
    /// Seconds a received message stays hidden before it is redelivered.
    #[serde(default = "default_visibility")]
    pub visibility_timeout_secs: u64,
    /// Whether this process fires the scheduled jobs (CRM history poll, stock and price pulls).
    #[serde(default = "yes")]
    pub schedules: bool,
    /// Hex SHA-256 of the admin API's bearer token; without it the admin API
    /// (`/admin/...`) is not served.
    #[serde(default)]
    pub admin_token_sha256: Option<String>,
    /// Where ICML catalogues are published (default: `icml/` beside the database).
    #[serde(default)]
    pub catalogue_dir: Option<PathBuf>,
    /// The master key that seals the tenants' secrets in the database
    /// (default: `synclane.key` beside the database; made, mode 0600, on
    /// first start). Back it up with the database: without it the stored
    /// secrets cannot be read.
    #[serde(default)]
    pub secrets_key_file: Option<PathBuf>,
    /// Seconds any peer request may take before it is abandoned (and
    /// retried or redelivered); unset, each peer's default (RetailCRM 20,
    /// MoySklad 60, the others 30).
    #[serde(default)]
    pub peer_timeout_secs: Option<u64>,
    /// Seconds between runs of every scheduled job, replacing each job's
    /// own interval (the CRM history poll's minute, ...): for small
    /// installs and tests that want changes picked up sooner.
    #[serde(default)]
    pub schedule_every_secs: Option<u64>,
    #[serde(default)]
    pub tenants: Vec<TenantSettings>,
    /// Run on DynamoDB and SQS (the Lambda functions' table and queues)
    /// instead of the embedded database: workers outside Lambda, on a VM or
    /// a container, sharing the rate budgets through the table. Endpoints,
    /// region and credentials come from the AWS environment.
    #[serde(default)]
    pub aws: Option<super::aws::AwsEnv>,
}

impl Default for LocalConfig {
    fn default() -> Self {
        LocalConfig {
            listen: default_listen(),
            database: default_database(),
            durability: Default::default(),
            workers: default_workers(),
            max_receives: default_max_receives(),
            max_in_flight_per_flow: default_max_in_flight_per_flow(),
            visibility_timeout_secs: default_visibility(),
            schedules: true,
            admin_token_sha256: None,
            catalogue_dir: None,
            secrets_key_file: None,
            peer_timeout_secs: None,
            schedule_every_secs: None,
            tenants: Vec::new(),
            aws: None,
        }
    }
}

impl LocalConfig {
    pub fn parse(text: &str) -> Result<Self> {
        let config: LocalConfig =
            toml::from_str(text).map_err(|e| Error::Invalid(format!("config: {e}")))?;
        for tenant in &config.tenants {
            if tenant.webhook_secret.is_empty() {
                return Err(Error::Invalid(format!(
                    "config: tenant {} has an empty webhook_secret",
                    tenant.id
                )));
            }
            tenant.validate()?;
        }
        if let Some(hash) = &config.admin_token_sha256 {
            crate::admin::AdminToken::from_sha256_hex(hash)?;
        }
        Ok(config)
    }

    /// The key file that seals the tenants' secrets.
    pub fn secrets_key_file(&self) -> PathBuf {
        self.secrets_key_file.clone().unwrap_or_else(|| {
            let beside = self.database.parent().unwrap_or(std::path::Path::new(""));
            beside.join("synclane.key")
        })
    }

    /// The rate budgets' ledgers (`budget::ledger`), beside the database.
    pub fn budgets_dir(&self) -> PathBuf {
        let beside = self.database.parent().unwrap_or(std::path::Path::new(""));
        beside.join("budgets")
    }

    /// The directory ICML catalogues are published to.
    pub fn catalogue_dir(&self) -> PathBuf {
        self.catalogue_dir.clone().unwrap_or_else(|| {
            let beside = self.database.parent().unwrap_or(std::path::Path::new(""));
            beside.join("icml")
        })
    }

    /// The operator's peer timeout, if set.
    pub fn peer_timeout(&self) -> Option<std::time::Duration> {
        self.peer_timeout_secs.map(std::time::Duration::from_secs)
    }

    /// The operator's interval for every scheduled job, if set.
    pub fn schedule_every(&self) -> Option<std::time::Duration> {
        self.schedule_every_secs.map(std::time::Duration::from_secs)
    }

    pub fn load(path: &std::path::Path) -> Result<Self> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| Error::Invalid(format!("config {}: {e}", path.display())))?;
        Self::parse(&text)
    }
}

fn yes() -> bool {
    true
}
fn default_listen() -> SocketAddr {
    SocketAddr::from(([127, 0, 0, 1], 8080))
}
fn default_database() -> PathBuf {
    PathBuf::from("synclane.db")
}
fn default_workers() -> usize {
    4
}
fn default_max_receives() -> u32 {
    5
}
fn default_max_in_flight_per_flow() -> usize {
    crate::queue::LANES_PER_FLOW as usize
}
fn default_visibility() -> u64 {
    60
}

#[cfg(test)]
mod tests {
    use super::LocalConfig;

    #[test]
    fn the_example_config_parses() {
        let text = include_str!("../../../synclane.example.toml");
        let config = LocalConfig::parse(text).expect("the README's example is valid");
        assert_eq!(config.tenants.len(), 1);
        assert_eq!(
            config.tenants[0].opencart.as_ref().unwrap().status_map["5"],
            "complete"
        );
        assert_eq!(
            format!("{:?}", config.tenants[0].webhook_secret),
            "Secret(***)",
            "secrets never print"
        );
    }

    /// The `toml` block of a README section, by its heading.
    fn readme_toml(heading: &str) -> &'static str {
        let readme = include_str!("../../../README.md");
        let section = &readme[readme.find(heading).expect("the README section")..];
        let start = section.find("```toml\n").expect("a toml block") + "```toml\n".len();
        let end = section[start..].find("```").expect("the block's end");
        &section[start..start + end]
    }

    #[test]
    fn the_readme_shopscript_example_parses() {
        let text = readme_toml("## Connect Shop-Script and Webasyst CRM");
        let config = LocalConfig::parse(text).expect("the README's Shop-Script example is valid");
        let ss = config.tenants[0]
            .shopscript
            .as_ref()
            .expect("a shopscript section");
        assert_eq!(ss.action_for_stage(1, 3), Some("pay"));
        assert_eq!(ss.stage_for_action(1, "complete"), Some(5));
        let rule = ss
            .automatic_for(Some("shop.example/"))
            .expect("automatic mode");
        assert_eq!((rule.funnel_id, rule.stage_id), (1, 1));
        assert!(
            ss.action_states.is_empty(),
            "the custom action is an example"
        );
        assert_eq!(ss.requests_per_second, 5);
    }

    #[test]
    fn unknown_keys_and_empty_secrets_are_refused() {
        assert!(LocalConfig::parse("listn = \"127.0.0.1:1\"").is_err());
        let empty = "[[tenants]]\nid = \"a\"\nwebhook_secret = \"\"\n";
        assert!(
            LocalConfig::parse(empty)
                .unwrap_err()
                .to_string()
                .contains("empty webhook_secret")
        );
    }
}

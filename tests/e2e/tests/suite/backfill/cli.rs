//! `synclane backfill --moysklad` (the CLI, on the local database): the
//! MoySklad counterparties are linked to CRM customers and corporate
//! customers with the progress printed per checkpoint; a second run finds
//! them linked already; `--orders` and `--moysklad` together are refused.

use crate::support::app::{CRM_KEY, SITE, tenant_settings};
use crate::support::ms_app::MS_TOKEN;
use crate::support::process::{self, Options, free_port};
use serde_json::json;
use synclane::connectors::retailcrm::NewCorporate;
use synclane::model::{Company, LegalDetails};
use synclane::peers::{Peers, http_client};
use synclane::secret::Secret;
use synclane::settings::MoySkladSettings;
use synclane_emulators::RetailCrmEmulator;
use synclane_emulators::moysklad::MoySkladEmulator;

async fn cli(config: &std::path::Path, extra: &[&str]) -> (bool, String, String) {
    let out = tokio::process::Command::new(process::binary())
        .args(["backfill", "--config"])
        .arg(config)
        .args(["--tenant", crate::support::app::TENANT])
        .args(extra)
        .output()
        .await
        .unwrap();
    let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    (out.status.success(), text(&out.stdout), text(&out.stderr))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn backfill_cli_moysklad_links_counterparties() {
    let dir = tempfile::tempdir().unwrap();
    let crm = RetailCrmEmulator::start(CRM_KEY, &[SITE]).await;
    let ms = MoySkladEmulator::start(MS_TOKEN).await;
    let mut settings = tenant_settings(&crm.base_url());
    settings.moysklad = Some(MoySkladSettings {
        base_url: ms.base_url(),
        token: Secret::new(MS_TOKEN),
        disable_webhook_prefixes: vec![],
        request_weight: 1,
        webhook_token: Secret::new("hook-token-0123456789abcdef"),
        public_base_url: None,
        sync: None,
    });
    for i in 0..150 {
        crm.seed_customer(json!({"email": format!("person{i}@example.com")}));
        ms.seed(
            "counterparty",
            json!({"name": format!("P{i}"), "companyType": "individual", "email": format!("Person{i}@example.com")}),
        );
    }
    let anna = crm.seed_customer(json!({"email": "anna@example.com"}));
    let corp = Peers::local(http_client()).crm_of(&settings).unwrap();
    corp.corporate_create(&NewCorporate {
        external_id: None,
        nick_name: "Romashka Group".into(),
        company: Company {
            name: "Romashka".into(),
            legal: LegalDetails {
                tax_id: Some("7701234567".into()),
                ..LegalDetails::default()
            },
            address: None,
        },
        contact_customer_id: anna,
        addresses: vec![],
    })
    .await
    .unwrap();
    ms.seed(
        "counterparty",
        json!({"name": "Romashka", "companyType": "legal", "inn": "7701234567"}),
    );
    let options = Options {
        port: free_port(),
        workers: 0,
        visibility_secs: 30,
        schedules: false,
    };
    let backend = process::Backend::Sqlite(dir.path());
    let config = dir.path().join("synclane.toml");
    let text = process::config_text(dir.path(), &backend, &[settings], &options, options.port);
    std::fs::write(&config, text).unwrap();
    let ms_writes = ms.writes();

    let (ok, stdout, stderr) = cli(&config, &["--moysklad"]).await;
    assert!(ok, "{stdout}\n{stderr}");
    assert!(
        stdout.contains("status=done crm_pages_done=2 crm_pages=2")
            && stdout.contains(" linked=151 already_linked=0 conflicts=0 unmatched_crm=0"),
        "{stdout}"
    );
    // One line per checkpoint (the output is not a terminal).
    assert!(stderr.contains("status=indexing"), "{stderr}");
    assert!(
        stderr.contains("status=matching crm_pages_done=1 crm_pages=2"),
        "{stderr}"
    );
    assert!(stdout.contains("backfill/moysklad"), "{stdout}");
    assert_eq!(ms.writes(), ms_writes, "MoySklad was not written to");

    let (ok, again, _) = cli(&config, &["--moysklad"]).await;
    assert!(
        ok && again.contains(" linked=0 already_linked=151"),
        "{again}"
    );
    let (ok, _, refused) = cli(&config, &["--moysklad", "--orders"]).await;
    assert!(!ok && refused.contains("cannot be used with"), "{refused}");
}

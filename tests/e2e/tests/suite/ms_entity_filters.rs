//! `GET entity/{kind}` filtering through the MoySklad connector against the
//! emulator, by MoySklad's documented rules (md/_general.md): a repeated `=`
//! is an OR across pages, a field the entity is not filtered on is refused
//! (412, 1034), `search=` is each entity's own, and the generated catalogue
//! is filtered like stored products.

use serde_json::{Value, json};
use synclane::Error;
use synclane::budget::{LocalRateBudget, RateLimits};
use synclane::connectors::moysklad::{CallKind, CounterpartyField, MoySklad};
use synclane::secret::Secret;
use synclane::settings::MoySkladSettings;
use synclane_emulators::moysklad::MoySkladEmulator;

const TOKEN: &str = "ms-filter-token";

fn client(emu: &MoySkladEmulator) -> MoySklad {
    let settings = MoySkladSettings {
        base_url: emu.base_url(),
        token: Secret::new(TOKEN),
        disable_webhook_prefixes: Vec::new(),
        request_weight: 1,
        webhook_token: Secret::default(),
        public_base_url: None,
        sync: None,
    };
    let budget = std::sync::Arc::new(LocalRateBudget::new(RateLimits::MOYSKLAD));
    MoySklad::new(reqwest::Client::new(), settings, budget)
}

async fn list(ms: &MoySklad, kind: &str, query: &[(&'static str, &str)]) -> Vec<Value> {
    let query = query.iter().map(|(k, v)| (*k, v.to_string())).collect();
    ms.pager(&format!("entity/{kind}"), query, CallKind::Ordinary, 100)
        .unwrap()
        .collect()
        .await
        .unwrap()
}

#[tokio::test]
async fn moysklad_entity_filter_repeated_equality_is_an_or_across_pages() {
    let emu = MoySkladEmulator::start(TOKEN).await;
    for i in 0..150 {
        let email = format!("c{}@x.ru", i % 3);
        emu.seed_counterparty(json!({"name": format!("C{i}"), "email": email}));
    }
    let ms = client(&emu);
    let filter = "email=c0@x.ru;email=c1@x.ru;name!=C0;name!=C1";
    let rows = list(&ms, "counterparty", &[("filter", filter)]).await;
    assert_eq!(
        rows.len(),
        98,
        "100 of c0 or c1, less C0 and C1; pages keep the filter"
    );
    let by_email = ms
        .counterparties_by(CounterpartyField::Email, "c2@x.ru")
        .await
        .unwrap();
    assert_eq!(by_email.len(), 50);
}

#[tokio::test]
async fn moysklad_entity_filter_refuses_fields_the_entity_is_not_filtered_on() {
    let emu = MoySkladEmulator::start(TOKEN).await;
    let ms = client(&emu);
    for (kind, filter) in [
        ("counterparty", "legalFirstName=Иван"),
        ("customerorder", "positions=1"),
        ("store", "id~abc"),
        ("webhook", "entityType=customerorder"),
    ] {
        let answer = ms
            .get::<Value>(
                &format!("entity/{kind}"),
                &[("filter", filter.to_owned())],
                CallKind::Ordinary,
            )
            .await;
        match answer {
            Err(Error::PeerRejected {
                status: 412,
                message,
                ..
            }) => assert!(message.contains("code 1034"), "{kind}: {message}"),
            other => panic!("{kind}?filter={filter}: {other:?}"),
        }
    }
}

#[tokio::test]
async fn moysklad_entity_search_matches_as_each_entity_documents() {
    let emu = MoySkladEmulator::start(TOKEN).await;
    let ms = client(&emu);
    emu.seed_counterparty(json!({"name": "ООО Ромашка", "email": "info@romashka.ru"}));
    emu.seed_counterparty(json!({"name": "Диван-Сервис", "inn": "7700000000"}));
    emu.seed_product("Пазл детский 1200 штук", "puzzle", 100);
    // Counterparties: a substring of name, e-mail, phone... (not inn).
    assert_eq!(
        list(&ms, "counterparty", &[("search", "ромаш")])
            .await
            .len(),
        1
    );
    assert_eq!(
        list(&ms, "counterparty", &[("search", "иван")]).await.len(),
        1
    );
    assert!(
        list(&ms, "counterparty", &[("search", "7700")])
            .await
            .is_empty()
    );
    // Products: the start of a word of name, code or article.
    assert_eq!(list(&ms, "product", &[("search", "120")]).await.len(), 1);
    assert!(list(&ms, "product", &[("search", "200")]).await.is_empty());
}

#[tokio::test]
async fn moysklad_entity_filter_applies_to_the_generated_catalogue() {
    let emu = MoySkladEmulator::start(TOKEN).await;
    let store = emu.seed_store("Main");
    emu.seed_generated_catalogue(500, &[store], 3);
    emu.seed_product("Stored", "stored-1", 100);
    let ms = client(&emu);
    let rows = list(
        &ms,
        "product",
        &[("filter", "externalCode=gen-7;externalCode=stored-1")],
    )
    .await;
    let mut codes: Vec<&str> = rows
        .iter()
        .filter_map(|r| r["externalCode"].as_str())
        .collect();
    codes.sort_unstable();
    assert_eq!(codes, ["gen-7", "stored-1"]);
}

/// A `;` inside a looked-up value is escaped (`\;`), not taken for the next
/// condition: the counterparty is found, and only it.
#[tokio::test]
async fn moysklad_counterparty_lookup_escapes_a_semicolon_in_the_value() {
    let emu = MoySkladEmulator::start(TOKEN).await;
    let wanted = emu.seed_counterparty(json!({"name": "Both", "email": "a@x.ru;b@x.ru"}));
    emu.seed_counterparty(json!({"name": "Only a", "email": "a@x.ru"}));
    let ms = client(&emu);
    let found = ms
        .counterparties_by(CounterpartyField::Email, "a@x.ru;b@x.ru")
        .await
        .unwrap();
    let ids: Vec<&str> = found.iter().filter_map(|c| c.id.as_deref()).collect();
    assert_eq!(ids, [wanted.as_str()]);
}

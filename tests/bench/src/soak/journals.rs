//! Every tenant's journal, read through the admin API at the end of a
//! pass for the secrets check.

use serde_json::Value;

/// Every tenant's journal through the admin API, read as the tenant reads
/// it: with a tenant key the operator issues (the operator token does not
/// reach tenant routes). The keys are returned as secrets to search for.
/// A journal that cannot be read fails the pass: a refusal's body has no
/// entries, and searching it would prove nothing.
pub async fn read_all(
    http: &reqwest::Client,
    base: &str,
    ids: &[String],
    operator: &str,
) -> anyhow::Result<(Vec<String>, Vec<(String, String)>)> {
    let mut journals = Vec::new();
    let mut keys = Vec::new();
    for id in ids {
        let key = tenant_key(http, base, id, operator).await?;
        let url = format!("{base}/admin/tenants/{id}/journal?limit=1000");
        let answer = http.get(url).bearer_auth(&key).send().await?;
        let status = answer.status();
        let text = answer.text().await?;
        anyhow::ensure!(status.is_success(), "journal of {id}: {status} {text}");
        journals.push(text);
        keys.push((format!("{id} tenant key"), key));
    }
    Ok((journals, keys))
}

/// A new key for tenant `id` from the operator routes, creating its
/// account first when it has none.
async fn tenant_key(
    http: &reqwest::Client,
    base: &str,
    id: &str,
    operator: &str,
) -> anyhow::Result<String> {
    let created = http
        .post(format!("{base}/admin/accounts"))
        .bearer_auth(operator)
        .json(&serde_json::json!({"tenant": id, "label": "soak"}))
        .send()
        .await?;
    let (status, body) = match created.status() {
        reqwest::StatusCode::CONFLICT => {
            let issued = http
                .post(format!("{base}/admin/accounts/{id}/keys"))
                .bearer_auth(operator)
                .send()
                .await?;
            (
                issued.status(),
                issued.json::<Value>().await?["key"].clone(),
            )
        }
        status => (status, created.json::<Value>().await?["key"]["key"].clone()),
    };
    anyhow::ensure!(status.is_success(), "a key for {id}: {status}");
    body.as_str()
        .map(str::to_owned)
        .ok_or_else(|| anyhow::anyhow!("a key for {id}: no key in the answer"))
}

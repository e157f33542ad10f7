//! The console's page shell: one style sheet inline (no asset pipeline),
//! a header with the tenant and its sections, and the page's body.

use maud::{DOCTYPE, Markup, PreEscaped, html};

/// Kept small and plain: system fonts, a two-pane layout, tables, tabs.
const STYLE: &str = r#"
body{font:14px/1.4 system-ui,sans-serif;margin:0;color:#1c2430;background:#f6f7f9}
header{background:#1f3a5f;color:#fff;padding:.6em 1em;display:flex;gap:1.5em;align-items:center}
header a{color:#fff;text-decoration:none} header .who{margin-left:auto;opacity:.8}
main{padding:1em}
.panes{display:flex;gap:1em;align-items:flex-start}
.left{min-width:13em;background:#fff;border:1px solid #d5dae1;padding:.5em}
.left a{display:block;padding:.25em .4em;color:#1c2430;text-decoration:none}
.left a.on{background:#e3ecf7;font-weight:600}
.right{flex:1;background:#fff;border:1px solid #d5dae1;padding:.8em;overflow-x:auto}
table{border-collapse:collapse;width:100%} th,td{border-bottom:1px solid #e4e7eb;padding:.3em .5em;text-align:left;vertical-align:top}
th{background:#f0f2f5}
.toolbar{display:flex;gap:.6em;align-items:center;margin-bottom:.6em;flex-wrap:wrap}
.tabs a{display:inline-block;padding:.4em .9em;border:1px solid #d5dae1;border-bottom:none;margin-right:.2em;text-decoration:none;color:#1c2430;background:#eef0f3}
.tabs a.on{background:#fff;font-weight:600}
form.card,.card{background:#fff;border:1px solid #d5dae1;padding:1em;margin-bottom:1em}
label{display:block;margin:.4em 0 .1em;font-weight:600}
input[type=text],input[type=email],input[type=password],select,textarea{width:22em;max-width:100%;padding:.3em}
.error{color:#b3261e;font-weight:600}
.field-error{color:#b3261e;display:block}
.notice{background:#e7f4ea;border:1px solid #9fd3ad;padding:.5em;margin-bottom:.8em}
.muted{color:#667}
button,.button{padding:.35em .9em;border:1px solid #1f3a5f;background:#1f3a5f;color:#fff;cursor:pointer;text-decoration:none;display:inline-block}
button.danger{background:#b3261e;border-color:#b3261e}
"#;

/// The operations pages in the header, after Customers.
const NAV: [(&str, &str); 9] = [
    ("connections", "Connections"),
    ("settings", "Settings"),
    ("hooks", "Hook URLs"),
    ("journal", "Journal"),
    ("links", "Links"),
    ("dead-letters", "Dead letters"),
    ("usage", "Usage"),
    ("dry-run", "Dry run"),
    ("backfill", "Backfill"),
];

/// A full page. `tenant` adds the tenant's navigation.
pub fn page(title: &str, tenant: Option<&str>, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " · Synclane" }
                style { (PreEscaped(STYLE)) }
            }
            body {
                header {
                    strong { "Synclane" }
                    @if let Some(tenant) = tenant {
                        a href=(format!("/console/tenants/{tenant}/customers")) { "Customers" }
                        @for (path, label) in NAV {
                            a href=(format!("/console/tenants/{tenant}/{path}")) id=(format!("nav-{path}")) { (label) }
                        }
                        span class="who" { "Tenant " (tenant) }
                        form method="post" action="/console/sign-out" style="margin:0" {
                            button type="submit" { "Sign out" }
                        }
                    }
                }
                main { (body) }
            }
        }
    }
}

/// An error page's body: what went wrong, and the way back.
pub fn problem(title: &str, tenant: Option<&str>, message: &str) -> Markup {
    page(
        title,
        tenant,
        html! {
            div class="card" {
                h1 { (title) }
                p class="error" role="alert" { (message) }
                @if let Some(tenant) = tenant {
                    p { a href=(format!("/console/tenants/{tenant}/customers")) { "Back to the customers" } }
                }
            }
        },
    )
}

//! The admin API's OpenAPI document, served at `/admin/openapi.json`.
//!
//! Routes and their documentation are added together (`utoipa_axum`'s
//! `routes!`), and `documented_only` refuses to serve a route the document
//! lacks (503, with an error log naming it), so the document cannot fall behind the router.
//! The e2e `admin_routes` tests walk the document: every path answers, and
//! every tenant path refuses other tenants' keys.

use axum::extract::{MatchedPath, Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::collections::HashSet;
use std::sync::Arc;
use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityScheme};
use utoipa::{Modify, OpenApi};

/// Where the document is served (no credential needed).
pub const OPENAPI_PATH: &str = "/admin/openapi.json";

/// The document's frame; `admin::api` adds the paths.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "Synclane admin API",
        description = "Tenant routes (`/admin/tenants/{tenant}/...`) take a key of that tenant; \
                       operator routes (`/admin/accounts/...`) take the operator token. \
                       Both as `Authorization: Bearer ...`."
    ),
    modifiers(&Credentials),
    tags(
        (name = "tenant", description = "A tenant's own settings and data: its API key"),
        (name = "operator", description = "Tenant accounts and keys: the operator token"),
    )
)]
pub(super) struct ApiDoc;

/// The two bearer credentials.
struct Credentials;

impl Modify for Credentials {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        for name in ["tenant_key", "operator_token"] {
            components.add_security_scheme(
                name,
                SecurityScheme::Http(Http::new(HttpAuthScheme::Bearer)),
            );
        }
    }
}

/// The path of every tenant route.
#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Path)]
#[allow(
    dead_code,
    reason = "describes the path in the document; handlers take `Path`"
)]
pub struct TenantPath {
    /// The tenant id (a key reaches its own tenant only).
    pub tenant: String,
}

/// Adds routes written as plain axum routes to the document: each path
/// with its methods, a summary, its path parameters, and the tenant key as
/// its credential (`admin::PLAIN_TENANT_ROUTES`).
pub(super) fn add_plain(doc: &mut utoipa::openapi::OpenApi, routes: &[(&str, &[&str], &str)]) {
    use utoipa::openapi::path::{HttpMethod, OperationBuilder, ParameterBuilder, ParameterIn};
    use utoipa::openapi::security::SecurityRequirement;
    use utoipa::openapi::{Required, ResponseBuilder};
    for (path, methods, summary) in routes {
        let params: Vec<String> = path
            .split('/')
            .filter_map(|part| part.strip_prefix('{')?.strip_suffix('}').map(str::to_owned))
            .collect();
        for method in *methods {
            let http = match *method {
                "get" => HttpMethod::Get,
                "post" => HttpMethod::Post,
                "put" => HttpMethod::Put,
                _ => HttpMethod::Delete,
            };
            let mut operation = OperationBuilder::new()
                .summary(Some(*summary))
                .tag("tenant")
                .security(SecurityRequirement::new("tenant_key", Vec::<String>::new()))
                .response("200", ResponseBuilder::new().description("success"));
            for name in &params {
                operation = operation.parameter(
                    ParameterBuilder::new()
                        .name(name)
                        .parameter_in(ParameterIn::Path)
                        .required(Required::True),
                );
            }
            doc.paths
                .add_path_operation(*path, vec![http], operation.build());
        }
    }
}

/// The documented path templates.
#[derive(Clone)]
pub(super) struct Documented(pub Arc<HashSet<String>>);

impl Documented {
    pub(super) fn of(doc: &utoipa::openapi::OpenApi) -> Self {
        let mut paths: HashSet<String> = doc.paths.paths.keys().cloned().collect();
        paths.insert(OPENAPI_PATH.to_owned());
        Documented(Arc::new(paths))
    }
}

/// Serves only routes the document has (see the module doc).
pub(super) async fn documented_only(
    State(documented): State<Documented>,
    request: Request,
    next: Next,
) -> Response {
    let matched = request
        .extensions()
        .get::<MatchedPath>()
        .map(|m| m.as_str().to_owned());
    match matched {
        // The console's pages are HTML, not part of the API's document.
        Some(path) if path.starts_with("/admin/") && !documented.0.contains(&path) => {
            tracing::error!(message = "Route missing from the OpenAPI document.", %path);
            crate::hooks::ApiError::Unavailable(crate::Error::Invalid(format!(
                "route {path} is not in {OPENAPI_PATH}"
            )))
            .into_response()
        }
        _ => next.run(request).await,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::body::Body;
    use axum::routing::get;
    use tower::ServiceExt;

    #[tokio::test]
    async fn a_route_missing_from_the_document_is_not_served() {
        let doc = super::ApiDoc::openapi();
        let app = axum::Router::new()
            .route("/admin/hidden", get(|| async { "hidden" }))
            .route(OPENAPI_PATH, get(|| async { "{}" }))
            .layer(axum::middleware::from_fn_with_state(
                Documented::of(&doc),
                documented_only,
            ));
        let get = |path: &str| Request::get(path).body(Body::empty()).unwrap();
        let hidden = app.clone().oneshot(get("/admin/hidden")).await.unwrap();
        assert_eq!(hidden.status(), http::StatusCode::SERVICE_UNAVAILABLE);
        let listed = app.oneshot(get(OPENAPI_PATH)).await.unwrap();
        assert_eq!(listed.status(), http::StatusCode::OK);
    }
}

//! Every error answer in the API's JSON shape (`{"error", "message"}`),
//! also those no handler wrote: axum's extractor rejections (a query like
//! `?limit=-1`, a body over the limit, a wrong Content-Type), an unknown
//! route, a wrong method. Their text becomes the message; the status picks
//! the code from `ApiError`'s table.

use super::ApiError;
use axum::response::{IntoResponse, Response};
use http::StatusCode;
use http::header::{CONTENT_LENGTH, CONTENT_TYPE};

/// Longest rejection text kept as the message.
const MAX_MESSAGE_BYTES: usize = 4096;

/// A `map_response` layer: error answers that are not JSON become JSON.
pub async fn json_errors(response: Response) -> Response {
    let status = response.status();
    let is_json = response
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        // JSON already, or a console page that explains itself.
        .is_some_and(|v| v.starts_with("application/json") || v.starts_with("text/html"));
    if is_json || !(status.is_client_error() || status.is_server_error()) {
        return response;
    }
    let (parts, body) = response.into_parts();
    let text = axum::body::to_bytes(body, MAX_MESSAGE_BYTES)
        .await
        .unwrap_or_default();
    let message = String::from_utf8_lossy(&text).trim().to_owned();
    let mut answer = as_api_error(status, message).into_response();
    // Keep what tells the client how to go on (`Allow`, `WWW-Authenticate`).
    for (name, value) in &parts.headers {
        if name != CONTENT_TYPE && name != CONTENT_LENGTH {
            answer.headers_mut().insert(name.clone(), value.clone());
        }
    }
    answer
}

fn as_api_error(status: StatusCode, message: String) -> ApiError {
    match status {
        StatusCode::NOT_FOUND => ApiError::NotFound,
        StatusCode::METHOD_NOT_ALLOWED => ApiError::MethodNotAllowed,
        StatusCode::UNAUTHORIZED => ApiError::Unauthorized,
        StatusCode::FORBIDDEN => ApiError::Forbidden,
        StatusCode::PAYLOAD_TOO_LARGE => ApiError::TooLarge,
        StatusCode::REQUEST_TIMEOUT => ApiError::BodyTimeout,
        StatusCode::UNSUPPORTED_MEDIA_TYPE => ApiError::UnsupportedMediaType(message),
        s if s.is_server_error() => {
            ApiError::Unavailable(crate::Error::Storage(format!("{s}: {message}")))
        }
        // 400, and 422 (axum's "valid JSON of the wrong shape"): bad input.
        _ if message.is_empty() => ApiError::BadRequest(status.to_string()),
        _ => ApiError::BadRequest(message),
    }
}

#[cfg(test)]
mod tests {
    use super::json_errors;
    use axum::response::IntoResponse;
    use http::StatusCode;

    async fn answer(status: StatusCode, text: &'static str) -> (StatusCode, serde_json::Value) {
        let response = json_errors((status, text).into_response()).await;
        let status = response.status();
        let body = axum::body::to_bytes(response.into_body(), 1 << 16)
            .await
            .unwrap();
        (status, serde_json::from_slice(&body).unwrap())
    }

    #[tokio::test]
    async fn plain_text_errors_become_json_with_a_code() {
        let (status, body) = answer(
            StatusCode::BAD_REQUEST,
            "Failed to deserialize query string",
        )
        .await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert_eq!(body["error"], "bad_request");
        assert_eq!(body["message"], "Failed to deserialize query string");
        let (status, body) = answer(StatusCode::UNPROCESSABLE_ENTITY, "missing field `id`").await;
        assert_eq!(
            (status, &body["error"]),
            (StatusCode::BAD_REQUEST, &"bad_request".into())
        );
        let (_, body) = answer(StatusCode::PAYLOAD_TOO_LARGE, "length limit exceeded").await;
        assert_eq!(body["error"], "body_too_large");
        let (_, body) = answer(StatusCode::METHOD_NOT_ALLOWED, "").await;
        assert_eq!(body["error"], "method_not_allowed");
    }
}

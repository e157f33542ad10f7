//! What the real API enforces before any handler runs: gzip (415 with no
//! body), the Bearer token (401, code 1056), the per-user budget of 45 units
//! per 3 s (1049) and 5 parallel requests (1073), both 429 with MoySklad's
//! headers. Also injects faults and gzips every answer.

use super::state::{PARALLEL, Shared, UNITS, WINDOW, error, too_many};
use axum::body::{Body, to_bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::io::Write;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Instant;

/// Gives the parallel slot back even if the handler is cancelled.
struct InFlight(Arc<Shared>);

impl Drop for InFlight {
    fn drop(&mut self) {
        self.0.usage.lock().unwrap().in_flight -= 1;
    }
}

pub(crate) async fn enforce(
    State(shared): State<Arc<Shared>>,
    req: Request,
    next: Next,
) -> Response {
    let gzip = req
        .headers()
        .get_all(header::ACCEPT_ENCODING)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .any(|v| {
            v.split(',').any(|e| {
                e.split(';')
                    .next()
                    .unwrap_or("")
                    .trim()
                    .eq_ignore_ascii_case("gzip")
            })
        });
    if !gzip {
        return StatusCode::UNSUPPORTED_MEDIA_TYPE.into_response();
    }
    let authorized = req
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        == Some(format!("Bearer {}", shared.token).as_str());
    if !authorized {
        let text =
            "Ошибка аутентификации: Неправильный пароль или имя пользователя или ключ авторизации";
        return gzip_body(error(StatusCode::UNAUTHORIZED, 1056, text, None)).await;
    }
    shared.requests.fetch_add(1, Ordering::Relaxed);
    // Form encoding: `+` is a space, `%2B` a plus; so `+` first, then `%xx`.
    let target = req
        .uri()
        .path_and_query()
        .map_or("", |p| p.as_str())
        .replace('+', " ");
    let target = percent_encoding::percent_decode_str(&target).decode_utf8_lossy();
    let line = format!("{} {target}", req.method());
    shared.request_log.lock().unwrap().push(line);
    if let Some(fault) = inject(&shared).await {
        return gzip_body(fault).await;
    }
    let units = if req.uri().path().contains("/report/stock/") {
        5
    } else {
        shared.weight.load(Ordering::Relaxed) as u32
    };
    let remaining = match admit(&shared, units) {
        Ok(remaining) => remaining,
        Err(refusal) => return gzip_body(refusal).await,
    };
    let write_to = (req.method() != axum::http::Method::GET).then(|| req.uri().path().to_owned());
    let guard = InFlight(shared.clone());
    let mut resp = next.run(req).await;
    drop(guard);
    if resp.status().is_success() && write_to.is_some_and(|p| answer_lost(&shared, &p)) {
        let text = "Сервис временно недоступен";
        resp = error(StatusCode::SERVICE_UNAVAILABLE, 1999, text, None);
    }
    let h = resp.headers_mut();
    h.insert("X-RateLimit-Limit", HeaderValue::from(UNITS));
    h.insert("X-RateLimit-Remaining", HeaderValue::from(remaining));
    h.insert(
        "X-Lognex-Retry-TimeInterval",
        HeaderValue::from(WINDOW.as_millis() as u64),
    );
    gzip_body(resp).await
}

/// Takes a parallel slot and `units` from the window, or refuses with 429.
fn admit(shared: &Shared, units: u32) -> Result<u32, Response> {
    let now = Instant::now();
    let mut usage = shared.usage.lock().unwrap();
    while usage
        .window
        .front()
        .is_some_and(|(at, _)| now.duration_since(*at) >= WINDOW)
    {
        usage.window.pop_front();
    }
    let used: u32 = usage.window.iter().map(|(_, n)| n).sum();
    if usage.in_flight >= PARALLEL {
        shared.parallel_violations.fetch_add(1, Ordering::Relaxed);
        let text = "Превышено ограничение на одновременное количество запросов";
        return Err(too_many(1073, text, 100, UNITS.saturating_sub(used)));
    }
    if used + units > UNITS {
        shared.rate_violations.fetch_add(1, Ordering::Relaxed);
        // Wait until enough of the oldest grants have left the window.
        let mut freed = 0;
        let mut wait = WINDOW;
        for (at, n) in &usage.window {
            freed += n;
            if used - freed + units <= UNITS {
                wait = WINDOW.saturating_sub(now.duration_since(*at));
                break;
            }
        }
        let text = "Превышено ограничение на количество запросов в единицу времени";
        return Err(too_many(
            1049,
            text,
            wait.as_millis() as u64 + 1,
            UNITS.saturating_sub(used),
        ));
    }
    usage.window.push_back((now, units));
    usage.in_flight += 1;
    Ok(UNITS - used - units)
}

/// Whether the answer to a write to `path` is to be lost (see `lose_answers`).
fn answer_lost(shared: &Shared, path: &str) -> bool {
    let mut lost = shared.lost_answers.lock().unwrap();
    let kind_of = |p: &str| {
        p.split("/entity/")
            .nth(1)
            .and_then(|r| r.split('/').next())
            .map(str::to_owned)
    };
    let Some(kind) = kind_of(path) else {
        return false;
    };
    match lost.iter_mut().find(|(k, n)| *k == kind && *n > 0) {
        Some((_, n)) => {
            *n -= 1;
            true
        }
        None => false,
    }
}

/// A fault for a share of calls, as configured. Injected faults are not limit
/// violations, and a hanging call does not hold a parallel slot: the tests
/// measure the client's discipline, not the fault's.
async fn inject(shared: &Shared) -> Option<Response> {
    let faults = *shared.faults.lock().unwrap();
    let roll: f64 = rand::random();
    let faulty_below = faults.rate_429 + faults.rate_500 + faults.rate_timeout;
    if roll >= faulty_below {
        return None;
    }
    // Counted when decided: a hung request's client gives up and hangs up,
    // which drops this handler before the hang ends.
    shared.injected_faults.fetch_add(1, Ordering::Relaxed);
    Some(if roll < faults.rate_429 {
        too_many(
            1049,
            "Превышено ограничение на количество запросов в единицу времени",
            200,
            0,
        )
    } else if roll < faults.rate_429 + faults.rate_500 {
        error(
            StatusCode::INTERNAL_SERVER_ERROR,
            1999,
            "Внутренняя ошибка сервера",
            None,
        )
    } else {
        tokio::time::sleep(faults.hang).await;
        error(
            StatusCode::SERVICE_UNAVAILABLE,
            1999,
            "Сервис недоступен",
            None,
        )
    })
}

/// MoySklad compresses its answers with gzip.
async fn gzip_body(resp: Response) -> Response {
    let (mut parts, body) = resp.into_parts();
    let bytes = to_bytes(body, usize::MAX).await.unwrap_or_default();
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    enc.write_all(&bytes).expect("writing to memory");
    let zipped = enc.finish().expect("writing to memory");
    parts
        .headers
        .insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
    parts.headers.remove(header::CONTENT_LENGTH);
    Response::from_parts(parts, Body::from(zipped))
}

//! CM-4 through the API: `GET /admin/tenants/{t}/customers/export?format=`
//! with the list's filter. The file is streamed: a blocking thread reads
//! the shop 200 customers at a time (with their links), writes each page
//! through the format's writer (`customers::export`, synchronous) into a
//! small buffer, and hands 64 KiB chunks to the response body through a
//! bounded channel. Memory stays bounded whatever the list's length, and a
//! client that goes away stops the export at its next chunk.
//!
//! Errors before the first byte are answered as errors; one after it (the
//! shop failing on page 300) can only cut the body short, which the client
//! sees as a broken download, never as a complete file.

use super::params::ListParams;
use super::{peer_error, shop};
use crate::admin::AdminState;
use crate::customers::export::{self, Format, Header, Options};
use crate::customers::{links, opencart};
use crate::hooks::ApiError;
use axum::body::{Body, Bytes};
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use http::header;
use std::io::{self, Write};
use tokio::sync::mpsc;

/// The size of the chunks handed to the body, and how many may wait.
const CHUNK: usize = 64 * 1024;
const CHUNKS_AHEAD: usize = 4;

pub(super) async fn export(
    State(app): State<AdminState>,
    Path(tenant): Path<String>,
    Query(params): Query<ListParams>,
) -> Result<Response, ApiError> {
    let system = params.system()?;
    let filter = params.filter()?;
    let raw = params.format.as_deref().unwrap_or("csv");
    let format = Format::parse(raw).map_err(|e| ApiError::BadRequest(e.to_string()))?;
    if params.page.is_some() || params.per_page.is_some() {
        return Err(ApiError::BadRequest(
            "an export has every page: drop page and per_page".into(),
        ));
    }
    let (settings, client) = shop(&app, &tenant).await?;
    // The first page before answering: a shop that is down is a 503, not an empty file.
    let first = opencart::export_page(&client, &filter, 1)
        .await
        .map_err(peer_error)?;

    let (tx, rx) = mpsc::channel::<io::Result<Bytes>>(CHUNKS_AHEAD);
    let runtime = tokio::runtime::Handle::current();
    let store = app.store.clone();
    tokio::task::spawn_blocking(move || {
        let out = ChunkWriter {
            tx: tx.clone(),
            buffer: Vec::with_capacity(CHUNK),
        };
        let header = Header::new(system, time::OffsetDateTime::now_utc());
        let written = (|| -> crate::Result<u64> {
            let mut sink = export::writer(format, &header, &Options::default(), Box::new(out))?;
            let mut page = Some((1u32, first));
            while let Some((number, (mut rows, more))) = page.take() {
                runtime.block_on(links::attach(
                    store.links.as_ref(),
                    &settings.id,
                    system,
                    &mut rows,
                ))?;
                for row in &rows {
                    sink.row(row)?;
                }
                if more {
                    let next =
                        runtime.block_on(opencart::export_page(&client, &filter, number + 1))?;
                    page = Some((number + 1, next));
                }
            }
            Ok(sink.finish()?)
        })();
        match written {
            Ok(rows) => {
                tracing::info!(message = "Customer export written.", tenant = %settings.id, rows, format = format.as_str())
            }
            Err(error) => {
                tracing::warn!(message = "Customer export cut short.", tenant = %settings.id, %error);
                let _ = tx.blocking_send(Err(io::Error::other(error.to_string())));
            }
        }
    });

    let body = Body::from_stream(futures_util::stream::unfold(rx, |mut rx| async {
        rx.recv().await.map(|chunk| (chunk, rx))
    }));
    let file = format!("customers-{}.{}", system.as_str(), format.extension());
    Ok((
        [
            (header::CONTENT_TYPE, format.content_type().to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{file}\""),
            ),
        ],
        body,
    )
        .into_response())
}

/// A `Write` that hands full chunks to the body (blocking the export's
/// thread while the client is slow: that is the back-pressure).
struct ChunkWriter {
    tx: mpsc::Sender<io::Result<Bytes>>,
    buffer: Vec<u8>,
}

impl ChunkWriter {
    fn send(&mut self) -> io::Result<()> {
        if self.buffer.is_empty() {
            return Ok(());
        }
        let chunk = Bytes::from(std::mem::replace(
            &mut self.buffer,
            Vec::with_capacity(CHUNK),
        ));
        self.tx
            .blocking_send(Ok(chunk))
            .map_err(|_| io::Error::new(io::ErrorKind::BrokenPipe, "the client went away"))
    }
}

impl Write for ChunkWriter {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        self.buffer.extend_from_slice(data);
        if self.buffer.len() >= CHUNK {
            self.send()?;
        }
        Ok(data.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.send()
    }
}

impl Drop for ChunkWriter {
    fn drop(&mut self) {
        let _ = self.send();
    }
}

//! Why an export failed. None of these is retryable from the peer's side:
//! the rows were fetched; what failed is the format (a value past Excel's
//! limits) or the output (disk full, client gone), which the same request
//! repeated immediately would not fix by itself.

/// An export error, typed by where it arose.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// The `format` parameter is not one of ours.
    #[error("unknown export format {0:?}: expected csv, xlsx, html or xml")]
    UnknownFormat(String),

    /// Writing to the output (or XLSX's temporary file) failed.
    #[error("export output failed: {0}")]
    Io(#[from] std::io::Error),

    /// The CSV writer failed (in practice: its output failed).
    #[error("CSV export failed: {0}")]
    Csv(#[from] ::csv::Error),

    /// The XLSX writer refused a value (past Excel's row or cell limits) or
    /// failed to write its temporary file or zip.
    #[error("XLSX export failed: {0}")]
    Xlsx(#[from] rust_xlsxwriter::XlsxError),
}

impl ExportError {
    /// Never: see the module doc.
    pub fn is_retryable(&self) -> bool {
        false
    }
}

/// For callers that speak the crate's error: a bad format is invalid input
/// (a 400 before anything is written); the others are not retryable either,
/// so they map to `Invalid` too, with the cause in the message.
impl From<ExportError> for crate::error::Error {
    fn from(e: ExportError) -> Self {
        crate::error::Error::Invalid(e.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cm_4_export_errors_are_not_retryable() {
        let io = ExportError::from(std::io::Error::other("disk full"));
        assert!(!io.is_retryable());
        let lib: crate::error::Error = io.into();
        assert!(!lib.is_retryable());
        assert!(lib.to_string().contains("disk full"));
    }
}

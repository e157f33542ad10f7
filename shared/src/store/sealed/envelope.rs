//! Envelope encryption of single strings under a KMS key: KMS makes a data
//! key per write (bound to the tenant by the encryption context), AES-256-GCM
//! encrypts each value with it (bound to the tenant and field by the AAD), and
//! the wrapped data key travels with the value. Only a caller allowed to
//! `kms:Decrypt` with the tenant's context can read a value back.
//!
//! The local process has no KMS: a master key from a key file (see
//! `runtime::key_file`) wraps the data keys instead, with AES-256-GCM bound
//! to the tenant the same way. A copy of the database alone reveals nothing.
//!
//! Sealed form: `sealed:v1:<base64 wrapped key>:<base64 nonce ‖ ciphertext>`.

use crate::error::{Error, Result};
use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Key, Nonce};
use aws_sdk_kms::error::DisplayErrorContext;
use aws_sdk_kms::primitives::Blob;
use aws_sdk_kms::types::DataKeySpec;
use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

const PREFIX: &str = "sealed:v1:";
/// Unwrapped data keys kept per process, so a warm function calls KMS once per key.
const CACHE_LIMIT: usize = 256;

/// A plaintext data key and its KMS-wrapped form.
pub(super) struct DataKey {
    plain: Vec<u8>,
    wrapped: Vec<u8>,
}

/// Seals and opens values with one KMS key. Cheap to clone.
#[derive(Clone)]
pub(super) struct Sealer {
    wrapping: Wrapping,
    cache: Arc<Mutex<HashMap<Vec<u8>, Vec<u8>>>>,
}

/// What wraps the data keys.
#[derive(Clone)]
enum Wrapping {
    Kms {
        kms: aws_sdk_kms::Client,
        key_id: Arc<str>,
    },
    /// A 256-bit master key held by the local process.
    Local(Arc<[u8; 32]>),
}

/// Whether `value` is in sealed form.
pub(super) fn is_sealed(value: &str) -> bool {
    value.starts_with(PREFIX)
}

impl Sealer {
    pub(super) fn new(kms: aws_sdk_kms::Client, key_id: String) -> Self {
        Sealer {
            wrapping: Wrapping::Kms {
                kms,
                key_id: Arc::from(key_id),
            },
            cache: Arc::default(),
        }
    }

    /// Data keys wrapped by a local master key.
    pub(super) fn local(master: [u8; 32]) -> Self {
        Sealer {
            wrapping: Wrapping::Local(Arc::new(master)),
            cache: Arc::default(),
        }
    }

    /// A fresh data key for one write of `tenant`'s settings.
    pub(super) async fn data_key(&self, tenant: &str) -> Result<DataKey> {
        let (kms, key_id) = match &self.wrapping {
            Wrapping::Kms { kms, key_id } => (kms, key_id),
            Wrapping::Local(master) => {
                let plain: [u8; 32] = rand::random();
                let wrapped = encrypt(master.as_slice(), &local_context(tenant), &plain);
                return Ok(DataKey {
                    plain: plain.to_vec(),
                    wrapped,
                });
            }
        };
        let out = kms
            .generate_data_key()
            .key_id(key_id.as_ref())
            .key_spec(DataKeySpec::Aes256)
            .encryption_context("tenant", tenant)
            .send()
            .await
            .map_err(|e| Error::Storage(format!("kms: {}", DisplayErrorContext(e))))?;
        let plain = out.plaintext().map(|b| b.as_ref().to_vec());
        let wrapped = out.ciphertext_blob().map(|b| b.as_ref().to_vec());
        match (plain, wrapped) {
            (Some(plain), Some(wrapped)) if plain.len() == 32 => Ok(DataKey { plain, wrapped }),
            _ => Err(Error::Storage(
                "kms: GenerateDataKey returned no key".into(),
            )),
        }
    }

    /// Seals `value`; `aad` names what it is (tenant and field).
    pub(super) fn seal(key: &DataKey, aad: &str, value: &str) -> String {
        let body = encrypt(&key.plain, aad, value.as_bytes());
        format!("{PREFIX}{}:{}", B64.encode(&key.wrapped), B64.encode(body))
    }

    /// Opens a value sealed for `tenant` with the same `aad`.
    pub(super) async fn open(&self, tenant: &str, aad: &str, sealed: &str) -> Result<String> {
        let corrupt = || Error::Invalid(format!("sealed value of {aad} is corrupt"));
        let rest = sealed.strip_prefix(PREFIX).ok_or_else(corrupt)?;
        let (wrapped, body) = rest.split_once(':').ok_or_else(corrupt)?;
        let wrapped = B64.decode(wrapped).map_err(|_| corrupt())?;
        let body = B64.decode(body).map_err(|_| corrupt())?;
        let plain_key = self.unwrap_key(tenant, wrapped).await?;
        let plain = decrypt(&plain_key, aad, &body).ok_or_else(corrupt)?;
        String::from_utf8(plain).map_err(|_| corrupt())
    }

    async fn unwrap_key(&self, tenant: &str, wrapped: Vec<u8>) -> Result<Vec<u8>> {
        let (kms, key_id) = match &self.wrapping {
            Wrapping::Kms { kms, key_id } => (kms, key_id),
            Wrapping::Local(master) => {
                return decrypt(master.as_slice(), &local_context(tenant), &wrapped).ok_or_else(
                    || {
                        Error::Invalid(format!(
                            "tenant {tenant}: a secret was sealed with another key file"
                        ))
                    },
                );
            }
        };
        if let Some(key) = self.cache.lock().expect("not poisoned").get(&wrapped) {
            return Ok(key.clone());
        }
        let out = kms
            .decrypt()
            .key_id(key_id.as_ref())
            .ciphertext_blob(Blob::new(wrapped.clone()))
            .encryption_context("tenant", tenant)
            .send()
            .await
            .map_err(|e| Error::Storage(format!("kms: {}", DisplayErrorContext(e))))?;
        let key = out
            .plaintext()
            .map(|b| b.as_ref().to_vec())
            .ok_or_else(|| Error::Storage("kms: Decrypt returned no key".into()))?;
        let mut cache = self.cache.lock().expect("not poisoned");
        if cache.len() >= CACHE_LIMIT {
            cache.clear();
        }
        cache.insert(wrapped, key.clone());
        Ok(key)
    }
}

/// What binds a locally wrapped data key to its tenant (KMS's encryption
/// context does it on AWS).
fn local_context(tenant: &str) -> String {
    format!("synclane-data-key/{tenant}")
}

/// AES-256-GCM of `plain` under `key`: `nonce ‖ ciphertext`.
fn encrypt(key: &[u8], aad: &str, plain: &[u8]) -> Vec<u8> {
    let nonce: [u8; 12] = rand::random();
    let cipher = Aes256Gcm::new(Key::<Aes256Gcm>::from_slice(key));
    let payload = Payload {
        msg: plain,
        aad: aad.as_bytes(),
    };
    let sealed = cipher
        .encrypt(Nonce::from_slice(&nonce), payload)
        .expect("AES-GCM encryption of a string cannot fail");
    [nonce.as_slice(), &sealed].concat()
}

/// The inverse of `encrypt`; `None` when the key, the AAD or the bytes are wrong.
fn decrypt(key: &[u8], aad: &str, body: &[u8]) -> Option<Vec<u8>> {
    if body.len() < 12 || key.len() != 32 {
        return None;
    }
    let cipher = Aes256Gcm::new_from_slice(key).ok()?;
    let (nonce, ciphertext) = body.split_at(12);
    let payload = Payload {
        msg: ciphertext,
        aad: aad.as_bytes(),
    };
    cipher.decrypt(Nonce::from_slice(nonce), payload).ok()
}

//! Envelope encryption of single strings under a KMS key: KMS makes a data
//! key per write (bound to the tenant by the encryption context), AES-256-GCM
//! encrypts each value with it (bound to the tenant and field by the AAD), and
//! the wrapped data key travels with the value. Only a caller allowed to
//! `kms:Decrypt` with the tenant's context can read a value back.
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
    kms: aws_sdk_kms::Client,
    key_id: Arc<str>,
    cache: Arc<Mutex<HashMap<Vec<u8>, Vec<u8>>>>,
}

/// Whether `value` is in sealed form.
pub(super) fn is_sealed(value: &str) -> bool {
    value.starts_with(PREFIX)
}

impl Sealer {
    pub(super) fn new(kms: aws_sdk_kms::Client, key_id: String) -> Self {
        Sealer {
            kms,
            key_id: Arc::from(key_id),
            cache: Arc::default(),
        }
    }

    /// A fresh data key for one write of `tenant`'s settings.
    pub(super) async fn data_key(&self, tenant: &str) -> Result<DataKey> {
        let out = self
            .kms
            .generate_data_key()
            .key_id(self.key_id.as_ref())
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
        let nonce: [u8; 12] = rand::random();
        let cipher = Aes256Gcm::new(Key::<Aes256Gcm>::from_slice(&key.plain));
        let payload = Payload {
            msg: value.as_bytes(),
            aad: aad.as_bytes(),
        };
        let sealed = cipher
            .encrypt(Nonce::from_slice(&nonce), payload)
            .expect("AES-GCM encryption of a string cannot fail");
        let body = [nonce.as_slice(), &sealed].concat();
        format!("{PREFIX}{}:{}", B64.encode(&key.wrapped), B64.encode(body))
    }

    /// Opens a value sealed for `tenant` with the same `aad`.
    pub(super) async fn open(&self, tenant: &str, aad: &str, sealed: &str) -> Result<String> {
        let corrupt = || Error::Invalid(format!("sealed value of {aad} is corrupt"));
        let rest = sealed.strip_prefix(PREFIX).ok_or_else(corrupt)?;
        let (wrapped, body) = rest.split_once(':').ok_or_else(corrupt)?;
        let wrapped = B64.decode(wrapped).map_err(|_| corrupt())?;
        let body = B64.decode(body).map_err(|_| corrupt())?;
        if body.len() < 12 {
            return Err(corrupt());
        }
        let plain_key = self.unwrap_key(tenant, wrapped).await?;
        let cipher = Aes256Gcm::new_from_slice(&plain_key).map_err(|_| corrupt())?;
        let (nonce, ciphertext) = body.split_at(12);
        let payload = Payload {
            msg: ciphertext,
            aad: aad.as_bytes(),
        };
        let plain = cipher
            .decrypt(Nonce::from_slice(nonce), payload)
            .map_err(|_| corrupt())?;
        String::from_utf8(plain).map_err(|_| corrupt())
    }

    async fn unwrap_key(&self, tenant: &str, wrapped: Vec<u8>) -> Result<Vec<u8>> {
        if let Some(key) = self.cache.lock().expect("not poisoned").get(&wrapped) {
            return Ok(key.clone());
        }
        let out = self
            .kms
            .decrypt()
            .key_id(self.key_id.as_ref())
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

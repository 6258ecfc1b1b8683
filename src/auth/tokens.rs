//! Signed, expiring link tokens (invitations now; previews and unsubscribe links later).
//! A token is `base64url(subject).expiry.base64url(hmac)`, where the HMAC also covers a
//! purpose string so a token made for one thing is useless for another.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use chrono::{DateTime, Utc};
use hmac::{Hmac, Mac as _};
use sha2::Sha256;

type HmacSha256 = Hmac<Sha256>;

/// `bytes` random bytes as unpadded base64url: CSRF tokens, the setup token.
pub fn random_token(bytes: usize) -> String {
    use rand::RngCore as _;
    let mut buf = vec![0u8; bytes];
    rand::rng().fill_bytes(&mut buf);
    B64.encode(buf)
}

/// Why a token was refused.
#[derive(Debug, PartialEq, Eq)]
pub enum TokenError {
    /// Malformed, forged, or made for another purpose.
    Invalid,
    /// Genuine but past its expiry.
    Expired,
}

/// Signs and verifies tokens with one key.
#[derive(Clone)]
pub struct Signer {
    key: Vec<u8>,
}

impl Signer {
    /// A signer over `key` (at least 32 bytes).
    pub fn new(key: &[u8]) -> Self {
        Signer { key: key.to_vec() }
    }

    fn mac(&self, purpose: &str, subject: &str, expires: i64) -> HmacSha256 {
        let mut mac = HmacSha256::new_from_slice(&self.key).expect("HMAC takes any key length");
        mac.update(purpose.as_bytes());
        mac.update(&[0]);
        mac.update(subject.as_bytes());
        mac.update(&[0]);
        mac.update(expires.to_string().as_bytes());
        mac
    }

    /// A token for `subject`, valid for `purpose` until `expires`.
    pub fn sign(&self, purpose: &str, subject: &str, expires: DateTime<Utc>) -> String {
        let exp = expires.timestamp();
        let tag = self.mac(purpose, subject, exp).finalize().into_bytes();
        format!("{}.{exp}.{}", B64.encode(subject), B64.encode(tag))
    }

    /// The subject of a valid, unexpired token made for `purpose`.
    pub fn verify(
        &self,
        purpose: &str,
        token: &str,
        now: DateTime<Utc>,
    ) -> Result<String, TokenError> {
        let mut parts = token.splitn(3, '.');
        let (Some(subject), Some(exp), Some(tag)) = (parts.next(), parts.next(), parts.next())
        else {
            return Err(TokenError::Invalid);
        };
        let subject = B64.decode(subject).map_err(|_| TokenError::Invalid)?;
        let subject = String::from_utf8(subject).map_err(|_| TokenError::Invalid)?;
        let exp: i64 = exp.parse().map_err(|_| TokenError::Invalid)?;
        let tag = B64.decode(tag).map_err(|_| TokenError::Invalid)?;
        self.mac(purpose, &subject, exp)
            .verify_slice(&tag)
            .map_err(|_| TokenError::Invalid)?;
        if now.timestamp() >= exp {
            return Err(TokenError::Expired);
        }
        Ok(subject)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Duration;

    #[test]
    fn tokens_verify_for_their_purpose_until_they_expire() {
        let s = Signer::new(&[7u8; 32]);
        let now = Utc::now();
        let t = s.sign("invite", "42", now + Duration::days(7));
        assert_eq!(s.verify("invite", &t, now), Ok("42".to_owned()));
        assert_eq!(s.verify("preview", &t, now), Err(TokenError::Invalid));
        assert_eq!(
            s.verify("invite", &t, now + Duration::days(8)),
            Err(TokenError::Expired)
        );
        let other = Signer::new(&[8u8; 32]);
        assert_eq!(other.verify("invite", &t, now), Err(TokenError::Invalid));
        let forged = t.replacen("NDI", "NDM", 1);
        assert_eq!(s.verify("invite", &forged, now), Err(TokenError::Invalid));
        assert_eq!(s.verify("invite", "garbage", now), Err(TokenError::Invalid));
    }
}

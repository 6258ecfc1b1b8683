//! A push service over real HTTP/1.1 in the test process. It hands out subscriptions the way a
//! browser's push service does (an endpoint, the browser's P-256 public key and auth secret),
//! and for every request it receives it checks the VAPID signature (RFC 8292: ES256 over the
//! JWT, `aud` the endpoint's origin, `exp` within a day, `sub` a contact) and decrypts the body
//! (RFC 8291 `aes128gcm`) with its own code, written from the RFCs: not web-push-native's.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};

use aes_gcm::aead::{Aead as _, KeyInit as _};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use p256::ecdsa::signature::Verifier as _;
use p256::elliptic_curve::sec1::ToEncodedPoint as _;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

/// A browser's push subscription: what `PushSubscription.toJSON()` gives a page.
#[derive(Clone, Debug)]
pub struct Browser {
    pub endpoint: String,
    /// base64url, 65 bytes.
    pub p256dh: String,
    /// base64url, 16 bytes.
    pub auth: String,
    /// The browser's private key, 32 bytes (for an outside decrypter).
    pub private_key: Vec<u8>,
}

impl Browser {
    /// The JSON a page posts to `/push/{org}/subscribe`.
    pub fn registration(&self) -> serde_json::Value {
        serde_json::json!({
            "endpoint": self.endpoint,
            "keys": { "p256dh": self.p256dh, "auth": self.auth },
        })
    }

    /// The JSON naming the subscription afterwards.
    pub fn held(&self) -> serde_json::Value {
        serde_json::json!({ "endpoint": self.endpoint, "auth": self.auth })
    }
}

/// What a VAPID header said, once verified.
#[derive(Clone, Debug)]
pub struct Vapid {
    pub aud: String,
    pub exp: i64,
    pub sub: String,
    /// The `k=` public key, base64url.
    pub key: String,
}

/// One request the service received.
#[derive(Clone, Debug)]
pub struct Pushed {
    pub path: String,
    /// Header names lower-cased.
    pub headers: HashMap<String, String>,
    pub body: Vec<u8>,
    /// The decrypted payload, or why it could not be decrypted.
    pub plaintext: Result<String, String>,
    /// The verified VAPID claims, or what is wrong with them.
    pub vapid: Result<Vapid, String>,
}

impl Pushed {
    /// The payload as JSON; panics with the reason when it did not decrypt.
    pub fn json(&self) -> serde_json::Value {
        let text = self.plaintext.as_ref().expect("payload decrypts");
        serde_json::from_str(text).expect("payload is JSON")
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .get(&name.to_ascii_lowercase())
            .map(String::as_str)
    }
}

#[derive(Default)]
struct State {
    keys: HashMap<String, (p256::SecretKey, [u8; 16])>,
    received: Vec<Pushed>,
    /// Scripted answers (status, extra headers), used in order; then 201.
    answers: VecDeque<(u16, Vec<(String, String)>)>,
    next: u64,
}

/// The push service.
#[derive(Clone)]
pub struct PushService {
    /// `http://127.0.0.1:PORT`.
    pub origin: String,
    state: Arc<Mutex<State>>,
}

impl PushService {
    /// Starts the service on a free loopback port.
    pub async fn start() -> PushService {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let origin = format!("http://{}", listener.local_addr().expect("addr"));
        let service = PushService {
            origin,
            state: Arc::new(Mutex::new(State::default())),
        };
        let accepting = service.clone();
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let s = accepting.clone();
                tokio::spawn(async move { s.connection(stream).await });
            }
        });
        service
    }

    /// A new browser subscription at this service.
    pub fn browser(&self) -> Browser {
        let mut state = self.state.lock().expect("state");
        state.next += 1;
        let mut seed = [0u8; 32];
        let secret = loop {
            rand_bytes(&mut seed);
            if let Ok(k) = p256::SecretKey::from_slice(&seed) {
                break k;
            }
        };
        let mut auth = [0u8; 16];
        rand_bytes(&mut auth);
        let path = format!(
            "/wpush/v2/{}-{}",
            state.next,
            URL_SAFE_NO_PAD.encode(&seed[..9])
        );
        let point = secret.public_key().to_encoded_point(false);
        let browser = Browser {
            endpoint: format!("{}{path}", self.origin),
            p256dh: URL_SAFE_NO_PAD.encode(point.as_bytes()),
            auth: URL_SAFE_NO_PAD.encode(auth),
            private_key: seed.to_vec(),
        };
        state.keys.insert(path, (secret, auth));
        browser
    }

    /// Answers the next requests with these statuses (and headers), then 201 again.
    pub fn answer_with(&self, answers: &[(u16, &[(&str, &str)])]) {
        let mut state = self.state.lock().expect("state");
        for (status, headers) in answers {
            let headers = headers
                .iter()
                .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
                .collect();
            state.answers.push_back((*status, headers));
        }
    }

    /// Every request so far.
    pub fn received(&self) -> Vec<Pushed> {
        self.state.lock().expect("state").received.clone()
    }

    /// Waits (up to 15 s) until `n` requests have arrived.
    pub async fn wait_for(&self, n: usize) -> Vec<Pushed> {
        for _ in 0..150 {
            let got = self.received();
            if got.len() >= n {
                return got;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        panic!(
            "{} push requests arrived, expected {n}",
            self.received().len()
        );
    }

    async fn connection(&self, stream: tokio::net::TcpStream) {
        let (read, mut write) = stream.into_split();
        let mut reader = BufReader::new(read);
        loop {
            let mut line = String::new();
            if reader.read_line(&mut line).await.unwrap_or(0) == 0 {
                return;
            }
            let path = line.split(' ').nth(1).unwrap_or("").to_owned();
            let mut headers = HashMap::new();
            loop {
                let mut h = String::new();
                if reader.read_line(&mut h).await.unwrap_or(0) == 0 {
                    return;
                }
                let h = h.trim_end();
                if h.is_empty() {
                    break;
                }
                if let Some((n, v)) = h.split_once(':') {
                    headers.insert(n.trim().to_ascii_lowercase(), v.trim().to_owned());
                }
            }
            let length: usize = headers
                .get("content-length")
                .and_then(|v| v.parse().ok())
                .unwrap_or(0);
            let mut body = vec![0u8; length];
            if reader.read_exact(&mut body).await.is_err() {
                return;
            }
            let (status, extra) = self.take(&path, headers, body);
            let mut answer = format!("HTTP/1.1 {status} Answer\r\nContent-Length: 0\r\n");
            for (n, v) in extra {
                answer.push_str(&format!("{n}: {v}\r\n"));
            }
            answer.push_str("\r\n");
            if write.write_all(answer.as_bytes()).await.is_err() {
                return;
            }
        }
    }

    fn take(
        &self,
        path: &str,
        headers: HashMap<String, String>,
        body: Vec<u8>,
    ) -> (u16, Vec<(String, String)>) {
        let mut state = self.state.lock().expect("state");
        let plaintext = match state.keys.get(path) {
            Some((secret, auth)) => decrypt(&body, secret, auth),
            None => Err(format!("no subscription at {path}")),
        };
        let vapid = verify_vapid(
            headers.get("authorization").map(String::as_str),
            &self.origin,
        );
        state.received.push(Pushed {
            path: path.to_owned(),
            headers,
            body,
            plaintext,
            vapid,
        });
        state.answers.pop_front().unwrap_or((201, Vec::new()))
    }
}

fn rand_bytes(out: &mut [u8]) {
    use rand::RngCore as _;
    rand::rng().fill_bytes(out);
}

/// RFC 8291 §3.4 and RFC 8188: decrypts an `aes128gcm` body with the browser's keys.
pub fn decrypt(body: &[u8], secret: &p256::SecretKey, auth: &[u8; 16]) -> Result<String, String> {
    use hkdf::Hkdf;
    use sha2::Sha256;
    if body.len() < 21 {
        return Err("body shorter than the aes128gcm header".into());
    }
    let salt = &body[..16];
    let rs = u32::from_be_bytes([body[16], body[17], body[18], body[19]]) as usize;
    let idlen = body[20] as usize;
    if rs < 18 || body.len() < 21 + idlen {
        return Err(format!("bad header: rs {rs}, idlen {idlen}"));
    }
    let keyid = &body[21..21 + idlen];
    let sender = p256::PublicKey::from_sec1_bytes(keyid).map_err(|e| format!("keyid: {e}"))?;
    let shared = p256::ecdh::diffie_hellman(secret.to_nonzero_scalar(), sender.as_affine());
    let ua_public = secret.public_key().to_encoded_point(false);
    let mut info = b"WebPush: info\0".to_vec();
    info.extend_from_slice(ua_public.as_bytes());
    info.extend_from_slice(keyid);
    let mut ikm = [0u8; 32];
    Hkdf::<Sha256>::new(Some(auth), shared.raw_secret_bytes())
        .expand(&info, &mut ikm)
        .map_err(|e| e.to_string())?;
    let prk = Hkdf::<Sha256>::new(Some(salt), &ikm);
    let mut cek = [0u8; 16];
    let mut nonce = [0u8; 12];
    prk.expand(b"Content-Encoding: aes128gcm\0", &mut cek)
        .map_err(|e| e.to_string())?;
    prk.expand(b"Content-Encoding: nonce\0", &mut nonce)
        .map_err(|e| e.to_string())?;
    let cipher = aes_gcm::Aes128Gcm::new_from_slice(&cek).map_err(|e| e.to_string())?;
    let records: Vec<&[u8]> = body[21 + idlen..].chunks(rs).collect();
    let mut plain = Vec::new();
    for (seq, record) in records.iter().enumerate() {
        let mut n = nonce;
        for (i, b) in (seq as u64).to_be_bytes().iter().enumerate() {
            n[4 + i] ^= b;
        }
        let mut out = cipher
            .decrypt(aes_gcm::Nonce::from_slice(&n), *record)
            .map_err(|_| format!("record {seq} does not decrypt"))?;
        while out.last() == Some(&0) {
            out.pop();
        }
        let last = seq + 1 == records.len();
        match (out.pop(), last) {
            (Some(2), true) | (Some(1), false) => plain.extend_from_slice(&out),
            (d, _) => return Err(format!("record {seq}: padding delimiter {d:?}")),
        }
    }
    String::from_utf8(plain).map_err(|e| e.to_string())
}

/// RFC 8292: `vapid t=<JWT>, k=<key>`, the JWT ES256-signed by `k`, for `origin`.
pub fn verify_vapid(header: Option<&str>, origin: &str) -> Result<Vapid, String> {
    let header = header.ok_or("no Authorization header")?;
    let rest = header
        .strip_prefix("vapid ")
        .ok_or("not the vapid scheme")?;
    let mut token = None;
    let mut key = None;
    for part in rest.split(',') {
        match part.trim().split_once('=') {
            Some(("t", v)) => token = Some(v.trim()),
            Some(("k", v)) => key = Some(v.trim()),
            _ => {}
        }
    }
    let (token, key) = (token.ok_or("no t=")?, key.ok_or("no k=")?);
    let point = URL_SAFE_NO_PAD.decode(key).map_err(|e| format!("k: {e}"))?;
    let verifier =
        p256::ecdsa::VerifyingKey::from_sec1_bytes(&point).map_err(|e| format!("k: {e}"))?;
    let mut parts = token.split('.');
    let (h, c, s) = match (parts.next(), parts.next(), parts.next(), parts.next()) {
        (Some(h), Some(c), Some(s), None) => (h, c, s),
        _ => return Err("the JWT has not three parts".into()),
    };
    let head: serde_json::Value =
        serde_json::from_slice(&URL_SAFE_NO_PAD.decode(h).map_err(|e| e.to_string())?)
            .map_err(|e| e.to_string())?;
    if head["alg"] != "ES256" {
        return Err(format!("alg {}", head["alg"]));
    }
    let signature =
        p256::ecdsa::Signature::from_slice(&URL_SAFE_NO_PAD.decode(s).map_err(|e| e.to_string())?)
            .map_err(|e| format!("signature: {e}"))?;
    verifier
        .verify(format!("{h}.{c}").as_bytes(), &signature)
        .map_err(|_| "the signature does not verify".to_owned())?;
    let claims: serde_json::Value =
        serde_json::from_slice(&URL_SAFE_NO_PAD.decode(c).map_err(|e| e.to_string())?)
            .map_err(|e| e.to_string())?;
    let vapid = Vapid {
        aud: claims["aud"].as_str().unwrap_or("").to_owned(),
        exp: claims["exp"].as_i64().unwrap_or(0),
        sub: claims["sub"].as_str().unwrap_or("").to_owned(),
        key: key.to_owned(),
    };
    let now = chrono::Utc::now().timestamp();
    if vapid.aud != origin {
        return Err(format!("aud {} is not {origin}", vapid.aud));
    }
    if vapid.exp <= now || vapid.exp > now + 24 * 3600 {
        return Err(format!("exp {} is not within a day of {now}", vapid.exp));
    }
    if !(vapid.sub.starts_with("mailto:") || vapid.sub.starts_with("https:")) {
        return Err(format!("sub {}", vapid.sub));
    }
    Ok(vapid)
}

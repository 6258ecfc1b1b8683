//! Our output checked by independent implementations, which CI installs (`.ci/run`'s interop
//! section): DKIM signatures by Python's `dkimpy`. Ignored in a plain `cargo test`, since
//! they need those programs; CI runs them with `--ignored interop`.

use std::path::Path;
use std::process::Command;

use qiao::config::DkimSettings;
use qiao::domain::Role;

use crate::helpers::smtp::{Received, app_with_mail};
use crate::helpers::{client, member_email, spawn_app};

/// The Python that has `dkim` (Debian's python3-dkim installs into the system Python).
fn python() -> String {
    std::env::var("TEST_PYTHON").unwrap_or_else(|_| "/usr/bin/python3".to_owned())
}

fn run(cmd: &mut Command) -> String {
    let out = cmd.output().unwrap_or_else(|e| panic!("{cmd:?}: {e}"));
    assert!(
        out.status.success(),
        "{cmd:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8")
}

/// A key made by openssl and the TXT record that publishes it.
fn key_pair(dir: &Path, kind: &str) -> (String, String) {
    use base64::Engine as _;
    let key = dir.join(format!("{kind}.pem"));
    let public = dir.join(format!("{kind}.der"));
    match kind {
        "ed25519" => run(Command::new("openssl")
            .args(["genpkey", "-algorithm", "ed25519", "-out"])
            .arg(&key)),
        _ => run(Command::new("openssl")
            .args(["genrsa", "-traditional", "-out"])
            .arg(&key)
            .arg("2048")),
    };
    run(Command::new("openssl")
        .args(["pkey", "-pubout", "-outform", "DER", "-in"])
        .arg(&key)
        .arg("-out")
        .arg(&public));
    let der = std::fs::read(&public).expect("public key");
    let b64 = base64::engine::general_purpose::STANDARD;
    let record = match kind {
        // RFC 8463: p= is the bare 32-byte public key, the end of its SubjectPublicKeyInfo.
        "ed25519" => format!(
            "v=DKIM1; k=ed25519; p={}",
            b64.encode(&der[der.len() - 32..])
        ),
        _ => format!("v=DKIM1; k=rsa; p={}", b64.encode(&der)),
    };
    (std::fs::read_to_string(&key).expect("key"), record)
}

/// What dkimpy says of `message` with `record` as the selector's DNS answer.
fn dkimpy_verdict(dir: &Path, message: &str, record: &str) -> String {
    let msg = dir.join("message.eml");
    let txt = dir.join("record.txt");
    std::fs::write(&msg, message).expect("write");
    std::fs::write(&txt, record).expect("write");
    let script = "import sys, dkim\n\
        msg = open(sys.argv[1], 'rb').read()\n\
        rec = open(sys.argv[2], 'rb').read()\n\
        def dns(name, timeout=5):\n\
        \x20   assert name == b'qiao._domainkey.qiao.test.', name\n\
        \x20   return rec\n\
        d = dkim.DKIM(msg)\n\
        try:\n\
        \x20   ok = d.verify(dnsfunc=dns)\n\
        except dkim.ValidationError as e:\n\
        \x20   ok = False\n\
        print('pass' if ok else 'fail', d.domain.decode(), d.selector.decode())\n";
    run(Command::new(python())
        .arg("-c")
        .arg(script)
        .arg(&msg)
        .arg(&txt))
    .trim()
    .to_owned()
}

/// A password reset mail, sent by an app signing with `key`.
async fn signed_mail(key: &str) -> Received {
    let dkim = DkimSettings::from_key("qiao", "qiao.test", key).expect("key");
    let (app, server) = app_with_mail(spawn_app().with_member(Role::Editor).configure(move |s| {
        s.dkim = Some(dkim);
    }))
    .await;
    let c = client();
    let token = app.csrf(&c, "/login/forgot").await;
    let email = member_email(Role::Editor);
    app.post(
        &c,
        "/login/forgot",
        &[("email", email.as_str()), ("csrf_token", &token)],
    )
    .await;
    server.wait_for(1).await.remove(0)
}

#[tokio::test]
#[ignore = "needs openssl and python3-dkim (CI installs them)"]
async fn interop_dkim_signatures_verify_with_dkimpy_for_ed25519_and_rsa() {
    let dir = tempfile::tempdir().expect("tempdir");
    for kind in ["ed25519", "rsa"] {
        let (key, record) = key_pair(dir.path(), kind);
        let mail = signed_mail(&key).await;
        let signature = mail.header("DKIM-Signature").expect("signed");
        let algorithm = if kind == "rsa" {
            "a=rsa-sha256"
        } else {
            "a=ed25519-sha256"
        };
        assert!(signature.contains(algorithm), "{signature}");
        assert!(signature.contains("c=relaxed/relaxed"), "{signature}");
        assert_eq!(
            dkimpy_verdict(dir.path(), &mail.data, &record),
            "pass qiao.test qiao",
            "{kind}:\n{}",
            mail.data
        );
        // The verdict can fail: a changed subject, or a body with a word more, does not pass.
        let subject = mail.header("Subject").expect("subject");
        let tampered = mail.data.replacen(&subject, "Re: something else", 1);
        assert!(dkimpy_verdict(dir.path(), &tampered, &record).starts_with("fail"));
        let tampered = format!("{}\r\nP.S. click here\r\n", mail.data.trim_end());
        assert!(dkimpy_verdict(dir.path(), &tampered, &record).starts_with("fail"));
    }
}

/// Decrypts a push body with Python's `http_ece` and verifies its VAPID JWT with
/// `cryptography`: prints the plaintext.
const PUSH_CHECK: &str = r#"
import base64, json, sys
import http_ece
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, utils

body_path, private_hex, auth_b64, authorization, aud = sys.argv[1:6]
def b64(s):
    return base64.urlsafe_b64decode(s + "=" * (-len(s) % 4))
key = ec.derive_private_key(int(private_hex, 16), ec.SECP256R1())
plain = http_ece.decrypt(open(body_path, "rb").read(), private_key=key,
                         auth_secret=b64(auth_b64), version="aes128gcm")
fields = dict(p.strip().split("=", 1) for p in authorization[len("vapid "):].split(","))
head, claims, sig = fields["t"].split(".")
public = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), b64(fields["k"]))
raw = b64(sig)
der = utils.encode_dss_signature(int.from_bytes(raw[:32], "big"), int.from_bytes(raw[32:], "big"))
public.verify(der, (head + "." + claims).encode(), ec.ECDSA(hashes.SHA256()))
assert json.loads(b64(claims))["aud"] == aud, b64(claims)
sys.stdout.write(plain.decode("utf-8"))
"#;

#[tokio::test]
#[ignore = "needs python3-cryptography and http_ece (CI installs them)"]
async fn interop_push_payloads_decrypt_with_http_ece_and_vapid_verifies() {
    use crate::helpers::push::PushService;
    let app = spawn_app()
        .with_org("acme")
        .configure(|s| s.push_private_endpoints = true)
        .await;
    let service = PushService::start().await;
    let browser = service.browser();
    for (action, body) in [
        ("subscribe", browser.registration()),
        ("test", browser.held()),
    ] {
        let res = client()
            .post(format!("{}/push/acme/{action}", app.address))
            .json(&body)
            .send()
            .await
            .expect("request");
        assert!(res.status().is_success(), "{action}: {}", res.status());
    }
    let pushed = service.wait_for(1).await.remove(0);
    let ours = pushed.plaintext.clone().expect("our receiver decrypts");
    let dir = tempfile::tempdir().expect("temp dir");
    let body = dir.path().join("body.bin");
    std::fs::write(&body, &pushed.body).expect("write body");
    let path = std::env::var("TEST_PYTHONPATH").unwrap_or_default();
    let theirs = run(Command::new(python())
        .env("PYTHONPATH", path)
        .arg("-c")
        .arg(PUSH_CHECK)
        .arg(&body)
        .arg(hex::encode(&browser.private_key))
        .arg(&browser.auth)
        .arg(pushed.header("authorization").expect("Authorization"))
        .arg(&service.origin));
    assert_eq!(theirs, ours, "http_ece reads what our receiver read");
    let payload: serde_json::Value = serde_json::from_str(&theirs).expect("JSON");
    assert_eq!(payload["title"], "Org acme");
}

#[tokio::test]
#[ignore = "needs openssl and python3-dkim (CI installs them)"]
async fn interop_dkim_covers_a_subscribers_list_unsubscribe_headers() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (key, record) = key_pair(dir.path(), "ed25519");
    let dkim = DkimSettings::from_key("qiao", "qiao.test", &key).expect("key");
    let (app, server) = app_with_mail(spawn_app().with_org("acme").configure(move |s| {
        s.dkim = Some(dkim);
    }))
    .await;
    // An address that already follows asks again: the note it gets is a subscriber's mail.
    {
        let org = app.org("acme");
        let mut conn = app.db.get().expect("connection");
        let writer = qiao::startup::letters_writer(&app.settings).expect("writer");
        let one = qiao::import::subscribers::NewOne {
            email: qiao::domain::EmailAddress::parse("reader@example.org").expect("email"),
            name: String::new(),
            tags: Vec::new(),
            categories: None,
            digest: None,
            locale: None,
        };
        qiao::import::subscribers::add_one(&mut conn, &org, &one, true, &writer).expect("added");
    }
    let res = client()
        .post(format!("{}/@acme/follow", app.address))
        .form(&[("email", "reader@example.org")])
        .send()
        .await
        .expect("follow");
    assert!(res.status().is_success());
    let mail = server.wait_for(1).await.remove(0);
    let unsubscribe = mail.header("List-Unsubscribe").expect("List-Unsubscribe");
    let signature = mail.header("DKIM-Signature").expect("signed");
    let signed: String = signature
        .split(';')
        .find_map(|t| t.trim().strip_prefix("h="))
        .expect("h=")
        .split_whitespace()
        .collect::<String>()
        .to_ascii_lowercase();
    for header in [
        "list-unsubscribe",
        "list-unsubscribe-post",
        "list-id",
        "from",
        "subject",
    ] {
        assert!(
            signed.split(':').any(|h| h == header),
            "{header} in h={signed}"
        );
    }
    assert_eq!(
        dkimpy_verdict(dir.path(), &mail.data, &record),
        "pass qiao.test qiao"
    );
    // Someone rewriting where the one-click unsubscribe goes breaks the signature.
    let start = unsubscribe
        .find("https://")
        .or_else(|| unsubscribe.find("http://"));
    let url_end = unsubscribe.find('>').expect("<url>");
    let url = &unsubscribe[start.expect("an http link")..url_end];
    let tampered = mail
        .data
        .replacen(url, "https://evil.example/unsubscribe", 1);
    assert_ne!(tampered, mail.data);
    assert!(dkimpy_verdict(dir.path(), &tampered, &record).starts_with("fail"));
}

#[tokio::test]
#[ignore = "needs openssl and python3-dkim (CI installs them)"]
async fn interop_a_broadcast_mail_in_chinese_verifies_with_dkimpy() {
    use crate::helpers::broadcast::{Like, active, finished, published, send_now, token};
    let dir = tempfile::tempdir().expect("tempdir");
    let (key, record) = key_pair(dir.path(), "ed25519");
    let dkim = DkimSettings::from_key("qiao", "qiao.test", &key).expect("key");
    let (app, server) = app_with_mail(spawn_app().with_org("acme").configure(move |s| {
        s.dkim = Some(dkim);
    }))
    .await;
    let t = token(&app, "acme");
    let (a1, _) = published(&app, &t, "中秋节快乐", "月饼和灯笼", "zh-Hans", "culture").await;
    let (a2, _) = published(&app, &t, "Harbour news", "boats", "en", "news").await;
    let hant = Like {
        locale: Some("zh-Hant"),
        ..Like::default()
    };
    active(&app, "acme", "reader@example.org", &hant);
    let body =
        serde_json::json!({"title": "本期精选", "article_ids": [a1, a2], "channels": ["email"]});
    let id = send_now(&app, &t, &body).await;
    finished(&app, &t, id).await;
    let mail = server
        .received()
        .into_iter()
        .find(|m| m.subject() == "本期精選")
        .expect("the broadcast, in Traditional");
    assert_eq!(
        dkimpy_verdict(dir.path(), &mail.data, &record),
        "pass qiao.test qiao"
    );
}

#[tokio::test]
#[ignore = "needs python3-cryptography and http_ece (CI installs them)"]
async fn interop_a_broadcast_notification_decrypts_with_http_ece() {
    use crate::helpers::broadcast::{finished, published, send_now, token};
    use crate::helpers::push::PushService;
    let app = spawn_app()
        .with_org("acme")
        .configure(|s| s.push_private_endpoints = true)
        .await;
    let service = PushService::start().await;
    let browser = service.browser();
    let res = client()
        .post(format!("{}/push/acme/subscribe", app.address))
        .json(&browser.registration())
        .send()
        .await
        .expect("subscribe");
    assert_eq!(res.status().as_u16(), 201);
    let t = token(&app, "acme");
    let (a, _) = published(&app, &t, "端午安康", "龙舟和粽子", "zh-Hans", "culture").await;
    let body = serde_json::json!({"title": "端午节", "article_ids": [a], "channels": ["push"]});
    let id = send_now(&app, &t, &body).await;
    finished(&app, &t, id).await;
    let pushed = service.wait_for(1).await.remove(0);
    let ours = pushed.plaintext.clone().expect("our receiver decrypts");
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("body.bin");
    std::fs::write(&file, &pushed.body).expect("write body");
    let theirs = run(Command::new(python())
        .env(
            "PYTHONPATH",
            std::env::var("TEST_PYTHONPATH").unwrap_or_default(),
        )
        .arg("-c")
        .arg(PUSH_CHECK)
        .arg(&file)
        .arg(hex::encode(&browser.private_key))
        .arg(&browser.auth)
        .arg(pushed.header("authorization").expect("Authorization"))
        .arg(&service.origin));
    assert_eq!(theirs, ours, "http_ece reads what our receiver read");
    let payload: serde_json::Value = serde_json::from_str(&theirs).expect("JSON");
    assert_eq!(payload["title"], "端午节");
    assert!(
        payload["url"]
            .as_str()
            .unwrap_or_default()
            .contains("/@acme/")
    );
}

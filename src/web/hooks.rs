//! `POST /hooks/mail-events/{provider}`: bounces and complaints reported by the mail provider.
//!
//! Authenticated with `mail_events_secret`, as the password of HTTP basic auth (what Amazon SNS
//! and Postmark can put in a webhook URL: `https://qiao:SECRET@host/hooks/…`) or as a bearer
//! token; anything else is 401 and changes nothing. Without the setting the hook is 404.
//!
//! Providers:
//! - `generic`: one event or an array of them, `{"type": "bounce" | "complaint" |
//!   "unsubscribe" | "delivery", "email": "…", "permanent": true, "message_id": "…"}`
//!   (`permanent` defaults to true for a bounce; `message_id` is the `Message-ID` qiao gave the
//!   message, which names the organization that sent it).
//! - `ses`: Amazon SES notifications through SNS (`Type: Notification` whose `Message` is the
//!   SES JSON: `notificationType` or `eventType` `Bounce` / `Complaint`). SNS's subscription
//!   confirmation is logged with its URL for the operator to open; qiao fetches nothing.
//! - `postmark`: Postmark's bounce, spam complaint and subscription change webhooks.
//!
//! An event whose message qiao sent applies to that message's organization; otherwise to every
//! organization with a subscriber at the address.

use actix_web::{HttpRequest, HttpResponse, web};
use serde_json::Value;

use super::AppState;
use crate::db::{self, subscribers};
use crate::domain::{EmailAddress, SubscriberStatus};
use crate::error::{AppError, FieldErrors, Msg};

/// Largest payload accepted.
pub const BODY_LIMIT: usize = 256 * 1024;

/// What an event says happened.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Bounce,
    Complaint,
    Unsubscribe,
    Delivery,
}

impl Kind {
    fn as_str(self) -> &'static str {
        match self {
            Kind::Bounce => "bounce",
            Kind::Complaint => "complaint",
            Kind::Unsubscribe => "unsubscribe",
            Kind::Delivery => "delivery",
        }
    }
}

/// One reported event.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Event {
    pub kind: Kind,
    pub email: EmailAddress,
    /// A hard bounce (a soft one is only recorded).
    pub permanent: bool,
    /// Our `Message-ID`, when the provider gives it back.
    pub message_id: Option<String>,
}

/// Why the payload could not be read (said in the caller's words by the error renderer).
#[derive(Debug)]
pub struct Unreadable(pub Msg);

fn str_of<'a>(v: &'a Value, key: &str) -> Option<&'a str> {
    v.get(key).and_then(Value::as_str)
}

fn address(raw: Option<&str>) -> Result<EmailAddress, Unreadable> {
    let raw = raw.ok_or_else(|| Unreadable(Msg::new("error-event-no-address")))?;
    // "Name <a@b>" forms appear in some payloads.
    let bare = raw
        .rsplit_once('<')
        .map_or(raw, |(_, r)| r.trim_end_matches('>'));
    EmailAddress::parse(bare)
        .map_err(|_| Unreadable(Msg::new("error-event-address").arg("value", raw)))
}

/// The generic shape.
pub fn parse_generic(body: &Value) -> Result<Vec<Event>, Unreadable> {
    let items: Vec<&Value> = match body {
        Value::Array(items) => items.iter().collect(),
        Value::Object(_) => vec![body],
        _ => return Err(Unreadable(Msg::new("error-event-shape"))),
    };
    items
        .into_iter()
        .map(|item| {
            let kind = match str_of(item, "type") {
                Some("bounce") => Kind::Bounce,
                Some("complaint") => Kind::Complaint,
                Some("unsubscribe") => Kind::Unsubscribe,
                Some("delivery") => Kind::Delivery,
                other => {
                    return Err(Unreadable(
                        Msg::new("error-event-type").arg("value", other.unwrap_or("null")),
                    ));
                }
            };
            Ok(Event {
                kind,
                email: address(str_of(item, "email"))?,
                permanent: item
                    .get("permanent")
                    .and_then(Value::as_bool)
                    .unwrap_or(kind == Kind::Bounce),
                message_id: str_of(item, "message_id").map(str::to_owned),
            })
        })
        .collect()
}

/// What an SES notification (inside its SNS envelope) reports; `Ok(None)` for an SNS
/// subscription confirmation, which carries no event.
pub fn parse_ses(body: &Value) -> Result<Option<Vec<Event>>, Unreadable> {
    let message = match str_of(body, "Type") {
        Some("SubscriptionConfirmation" | "UnsubscribeConfirmation") => return Ok(None),
        Some("Notification") => {
            let text = str_of(body, "Message")
                .ok_or_else(|| Unreadable(Msg::new("error-event-sns-message")))?;
            serde_json::from_str::<Value>(text).map_err(|e| {
                Unreadable(Msg::new("error-event-sns-json").arg("detail", e.to_string()))
            })?
        }
        // SES posting straight to us (or a test) without the envelope.
        _ => body.clone(),
    };
    let kind = str_of(&message, "notificationType").or_else(|| str_of(&message, "eventType"));
    let message_id = message
        .pointer("/mail/commonHeaders/messageId")
        .and_then(Value::as_str)
        .map(str::to_owned);
    let (kind, list, key, permanent) = match kind {
        Some("Bounce") => {
            let bounce = message.get("bounce").unwrap_or(&Value::Null);
            let permanent = str_of(bounce, "bounceType") == Some("Permanent");
            (
                Kind::Bounce,
                bounce.get("bouncedRecipients"),
                "emailAddress",
                permanent,
            )
        }
        Some("Complaint") => {
            let complaint = message.get("complaint").unwrap_or(&Value::Null);
            (
                Kind::Complaint,
                complaint.get("complainedRecipients"),
                "emailAddress",
                false,
            )
        }
        Some("Delivery") => {
            let delivery = message.get("delivery").unwrap_or(&Value::Null);
            (Kind::Delivery, delivery.get("recipients"), "", false)
        }
        other => {
            return Err(Unreadable(
                Msg::new("error-event-ses-type").arg("value", other.unwrap_or("null")),
            ));
        }
    };
    let recipients = list
        .and_then(Value::as_array)
        .ok_or_else(|| Unreadable(Msg::new("error-event-ses-recipients")))?;
    recipients
        .iter()
        .map(|r| {
            let raw = if key.is_empty() {
                r.as_str()
            } else {
                str_of(r, key)
            };
            Ok(Event {
                kind,
                email: address(raw)?,
                permanent,
                message_id: message_id.clone(),
            })
        })
        .collect::<Result<Vec<_>, _>>()
        .map(Some)
}

/// What a Postmark webhook reports.
pub fn parse_postmark(body: &Value) -> Result<Vec<Event>, Unreadable> {
    let (kind, email, permanent) = match str_of(body, "RecordType") {
        Some("Bounce") => {
            // Postmark's own types; these two mean the address does not exist.
            let hard = matches!(str_of(body, "Type"), Some("HardBounce" | "BadEmailAddress"));
            (Kind::Bounce, str_of(body, "Email"), hard)
        }
        Some("SpamComplaint") => (Kind::Complaint, str_of(body, "Email"), false),
        Some("SubscriptionChange") => {
            if body.get("SuppressSending").and_then(Value::as_bool) != Some(true) {
                return Ok(Vec::new());
            }
            (Kind::Unsubscribe, str_of(body, "Recipient"), false)
        }
        Some("Delivery") => (Kind::Delivery, str_of(body, "Recipient"), false),
        other => {
            return Err(Unreadable(
                Msg::new("error-event-postmark-type").arg("value", other.unwrap_or("null")),
            ));
        }
    };
    Ok(vec![Event {
        kind,
        email: address(email)?,
        permanent,
        // Postmark's MessageID is its own, not ours: the address decides.
        message_id: None,
    }])
}

/// Whether the request carries the secret (basic auth password or bearer token), compared in
/// constant time.
fn authorized(req: &HttpRequest, secret: &str) -> bool {
    use base64::Engine as _;
    use subtle::ConstantTimeEq as _;
    let Some(value) = req
        .headers()
        .get(actix_web::http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
    else {
        return false;
    };
    let (scheme, rest) = value.trim().split_once(' ').unwrap_or((value, ""));
    let given = if scheme.eq_ignore_ascii_case("bearer") {
        rest.trim().to_owned()
    } else if scheme.eq_ignore_ascii_case("basic") {
        let decoded = base64::engine::general_purpose::STANDARD
            .decode(rest.trim())
            .ok()
            .and_then(|b| String::from_utf8(b).ok())
            .unwrap_or_default();
        decoded
            .split_once(':')
            .map(|(_, p)| p.to_owned())
            .unwrap_or_default()
    } else {
        return false;
    };
    given.len() == secret.len() && bool::from(given.as_bytes().ct_eq(secret.as_bytes()))
}

/// `POST /hooks/mail-events/{provider}`.
pub async fn mail_events(
    req: HttpRequest,
    state: web::Data<AppState>,
    provider: web::Path<String>,
    body: web::Bytes,
) -> Result<HttpResponse, AppError> {
    let Some(secret) = &state.settings.mail_events_secret else {
        return Err(AppError::NotFound);
    };
    if !authorized(&req, secret.expose()) {
        // Built here rather than by the error renderer, whose 401 challenges for a bearer
        // token: SNS sends its basic-auth credentials only once challenged for them.
        let message = crate::web::errors::words(&req).msg(&Msg::new("error-hook-secret"));
        return Ok(HttpResponse::Unauthorized()
            .insert_header((
                actix_web::http::header::WWW_AUTHENTICATE,
                "Basic realm=\"qiao mail events\"",
            ))
            .json(serde_json::json!({"error": {"code": "unauthorized", "message": message}})));
    }
    if body.len() > BODY_LIMIT {
        return Err(AppError::TooLarge(
            Msg::new("error-form-large").arg("max", BODY_LIMIT / (1024 * 1024)),
        ));
    }
    let value: Value = match serde_json::from_slice(&body) {
        Ok(v) => v,
        Err(e) => {
            return Err(AppError::BadRequest(
                Msg::new("error-body-json").arg("detail", e.to_string()),
            ));
        }
    };
    let provider = provider.into_inner();
    let events = match provider.as_str() {
        "generic" => parse_generic(&value).map(Some),
        "ses" => parse_ses(&value),
        "postmark" => parse_postmark(&value).map(Some),
        _ => return Err(AppError::NotFound),
    };
    let events = match events {
        Ok(Some(events)) => events,
        Ok(None) => {
            let url = str_of(&value, "SubscribeURL").unwrap_or("(none)");
            tracing::warn!(provider, subscribe_url = %url, "SNS asks to confirm the subscription of the mail events hook: open this URL to confirm it");
            return Ok(HttpResponse::Ok().json(serde_json::json!({"accepted": 0})));
        }
        Err(Unreadable(why)) => return Err(FieldErrors::single("events", why)),
    };
    let payload = String::from_utf8_lossy(&body).into_owned();
    let limit = i32::try_from(state.settings.bounce_limit).unwrap_or(i32::MAX);
    let count = events.len();
    let for_db = provider.clone();
    state
        .db
        .run(move |c| {
            db::write_tx(c, |c| {
                for event in &events {
                    apply(c, &for_db, event, &payload, limit)?;
                }
                Ok::<_, AppError>(())
            })
        })
        .await?;
    tracing::info!(provider, events = count, "mail events recorded");
    Ok(HttpResponse::Ok().json(serde_json::json!({"accepted": count})))
}

/// Records `event` and does what it says to the subscribers it concerns.
fn apply(
    conn: &mut db::DbConnection,
    provider: &str,
    event: &Event,
    payload: &str,
    bounce_limit: i32,
) -> Result<(), AppError> {
    let now = db::now();
    let email = event.email.as_str();
    db::mail::record_event(
        conn,
        &db::mail::NewEvent {
            provider,
            message_id: event.message_id.as_deref(),
            email,
            kind: event.kind.as_str(),
            permanent: event.permanent,
            payload,
        },
        now,
    )?;
    // The organization that sent the message, when qiao sent it to this address.
    let sender = match &event.message_id {
        Some(id) => match db::mail::sent_for(conn, id)? {
            Some(found) => Some(found),
            None => db::deliveries::sent_for(conn, id)?,
        }
        .filter(|(_, to)| to == email)
        .and_then(|(org, _)| org),
        None => None,
    };
    let orgs = match sender {
        Some(org) => vec![org],
        None => subscribers::orgs_with(conn, email)?,
    };
    for org_id in orgs {
        let consequence = match event.kind {
            Kind::Bounce if event.permanent => {
                subscribers::hard_bounce(conn, org_id, email, bounce_limit, now)?
            }
            Kind::Complaint => {
                subscribers::stop_mail(conn, org_id, email, SubscriberStatus::Complained, now)?
            }
            Kind::Unsubscribe => {
                subscribers::stop_mail(conn, org_id, email, SubscriberStatus::Unsubscribed, now)?
            }
            Kind::Bounce | Kind::Delivery => continue,
        };
        tracing::info!(
            org_id,
            kind = event.kind.as_str(),
            ?consequence,
            "mail event applied"
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn ses_notifications_inside_sns_envelopes_are_read() {
        let inner = json!({
            "notificationType": "Bounce",
            "bounce": {"bounceType": "Permanent", "bouncedRecipients": [
                {"emailAddress": "A <a@example.org>"}, {"emailAddress": "b@example.org"}]},
            "mail": {"commonHeaders": {"messageId": "<abc@qiao.test>"}}
        });
        let body = json!({"Type": "Notification", "Message": inner.to_string()});
        let events = parse_ses(&body).expect("readable").expect("events");
        assert_eq!(events.len(), 2);
        assert_eq!(events[0].email.as_str(), "a@example.org");
        assert!(events[0].permanent && events[0].kind == Kind::Bounce);
        assert_eq!(events[1].message_id.as_deref(), Some("<abc@qiao.test>"));
        let soft = json!({"eventType": "Bounce", "bounce": {"bounceType": "Transient",
            "bouncedRecipients": [{"emailAddress": "a@example.org"}]}});
        assert!(!parse_ses(&soft).expect("ok").expect("events")[0].permanent);
        let complaint = json!({"notificationType": "Complaint", "complaint":
            {"complainedRecipients": [{"emailAddress": "c@example.org"}]}});
        assert_eq!(
            parse_ses(&complaint).expect("ok").expect("events")[0].kind,
            Kind::Complaint
        );
        let confirm = json!({"Type": "SubscriptionConfirmation", "SubscribeURL": "https://x"});
        assert!(parse_ses(&confirm).expect("ok").is_none());
        assert!(parse_ses(&json!({"notificationType": "Open"})).is_err());
    }

    #[test]
    fn postmark_and_generic_payloads_are_read_and_bad_ones_refused() {
        let hard = json!({"RecordType": "Bounce", "Type": "HardBounce", "Email": "a@example.org"});
        assert!(parse_postmark(&hard).expect("ok")[0].permanent);
        let soft = json!({"RecordType": "Bounce", "Type": "SoftBounce", "Email": "a@example.org"});
        assert!(!parse_postmark(&soft).expect("ok")[0].permanent);
        let spam = json!({"RecordType": "SpamComplaint", "Email": "a@example.org"});
        assert_eq!(parse_postmark(&spam).expect("ok")[0].kind, Kind::Complaint);
        let resumed = json!({"RecordType": "SubscriptionChange", "Recipient": "a@example.org",
            "SuppressSending": false});
        assert!(parse_postmark(&resumed).expect("ok").is_empty());
        let one = json!({"type": "bounce", "email": "a@example.org"});
        assert!(parse_generic(&one).expect("ok")[0].permanent);
        let many = json!([{"type": "complaint", "email": "a@example.org"},
            {"type": "bounce", "email": "b@example.org", "permanent": false}]);
        assert_eq!(parse_generic(&many).expect("ok").len(), 2);
        for bad in [
            json!({"type": "opened", "email": "a@example.org"}),
            json!({"type": "bounce", "email": "not an address"}),
            json!({"type": "bounce"}),
            json!("bounce"),
        ] {
            assert!(parse_generic(&bad).is_err(), "{bad}");
        }
    }
}

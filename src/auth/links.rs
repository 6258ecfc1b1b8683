//! The signed links a subscriber's mail carries: the confirmation link, and the preferences and
//! unsubscribe links. Each is an HMAC-signed subscriber id (`auth::tokens`): not guessable, not
//! enumerable, and good only for the subscriber it names and the purpose it was made for.

use chrono::{DateTime, Duration, Utc};

use super::tokens::{Signer, TokenError};

/// What a confirmation token is for.
const CONFIRM: &str = "follow-confirm";
/// What a subscriber's preferences token is for.
const SUBSCRIBER: &str = "subscriber";
/// How long a confirmation link works.
pub const CONFIRM_VALID_FOR: Duration = Duration::days(7);
/// How long the preferences and unsubscribe links of one message work: long enough that an
/// old message still lets its reader leave.
const SUBSCRIBER_VALID_FOR: Duration = Duration::days(5 * 366);

/// `/follow/confirm/{token}`, absolute.
pub fn confirm_link(signer: &Signer, public_url: &str, subscriber_id: i64) -> String {
    let token = signer.sign(
        CONFIRM,
        &subscriber_id.to_string(),
        Utc::now() + CONFIRM_VALID_FOR,
    );
    format!("{public_url}/follow/confirm/{token}")
}

/// The subscriber a confirmation token names.
pub fn confirming(signer: &Signer, token: &str, now: DateTime<Utc>) -> Result<i64, TokenError> {
    id_of(signer.verify(CONFIRM, token, now)?)
}

/// The links in every message to a subscriber.
#[derive(Clone, Debug)]
pub struct SubscriberLinks {
    /// The preference centre.
    pub preferences: String,
    /// Where a one-click POST (RFC 8058) unsubscribes, and a GET shows a button that does.
    pub unsubscribe: String,
    /// `mailto:` the sender with the token in the subject, for clients that only mail.
    pub mailto: String,
}

/// The links for `subscriber_id`, made now.
pub fn subscriber_links(
    signer: &Signer,
    public_url: &str,
    sender: &str,
    subscriber_id: i64,
) -> SubscriberLinks {
    let token = signer.sign(
        SUBSCRIBER,
        &subscriber_id.to_string(),
        Utc::now() + SUBSCRIBER_VALID_FOR,
    );
    SubscriberLinks {
        preferences: format!("{public_url}/subscription/{token}"),
        unsubscribe: format!("{public_url}/subscription/{token}/unsubscribe"),
        mailto: format!("mailto:{sender}?subject=unsubscribe%20{token}"),
    }
}

/// The subscriber a preferences token names.
pub fn subscriber(signer: &Signer, token: &str, now: DateTime<Utc>) -> Result<i64, TokenError> {
    id_of(signer.verify(SUBSCRIBER, token, now)?)
}

/// The token of an unsubscribe request mailed to the `mailto:` link: its subject.
pub fn token_in_subject(subject: &str) -> Option<&str> {
    let rest = subject.trim().strip_prefix("unsubscribe")?;
    Some(rest.trim()).filter(|t| !t.is_empty())
}

fn id_of(subject: String) -> Result<i64, TokenError> {
    subject
        .parse::<i64>()
        .ok()
        .filter(|id| *id > 0)
        .ok_or(TokenError::Invalid)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_name_their_subscriber_for_their_purpose_only() {
        let signer = Signer::new(&[3u8; 32]);
        let now = Utc::now();
        let links = subscriber_links(&signer, "https://q.test", "news@q.test", 42);
        let token = links
            .preferences
            .rsplit('/')
            .next()
            .expect("token")
            .to_owned();
        assert_eq!(subscriber(&signer, &token, now), Ok(42));
        assert!(links.unsubscribe.ends_with(&format!("{token}/unsubscribe")));
        assert_eq!(
            links.mailto,
            format!("mailto:news@q.test?subject=unsubscribe%20{token}")
        );
        assert_eq!(
            token_in_subject(&format!("unsubscribe {token}")),
            Some(token.as_str())
        );
        // A preferences token does not confirm, and a confirmation token opens no preferences.
        assert_eq!(confirming(&signer, &token, now), Err(TokenError::Invalid));
        let confirm = confirm_link(&signer, "https://q.test", 42);
        let confirm = confirm.rsplit('/').next().expect("token");
        assert_eq!(confirming(&signer, confirm, now), Ok(42));
        assert_eq!(subscriber(&signer, confirm, now), Err(TokenError::Invalid));
        assert_eq!(
            confirming(
                &signer,
                confirm,
                now + CONFIRM_VALID_FOR + Duration::minutes(1)
            ),
            Err(TokenError::Expired)
        );
        // Another key's token, or a token edited to name subscriber 43, is refused.
        let other = Signer::new(&[4u8; 32]);
        assert_eq!(subscriber(&other, &token, now), Err(TokenError::Invalid));
        let edited = token.replacen("NDI", "NDM", 1);
        assert_eq!(subscriber(&signer, &edited, now), Err(TokenError::Invalid));
    }
}

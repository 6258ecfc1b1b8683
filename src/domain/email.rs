//! Email addresses, normalized to lower case so that one person is one account.

use std::fmt;

/// A syntactically valid email address, trimmed and lower-cased.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct EmailAddress(String);

impl EmailAddress {
    /// Parses user input; the error is a message fit to show next to the field.
    pub fn parse(input: &str) -> Result<Self, super::Msg> {
        let trimmed = input.trim();
        if trimmed.is_empty() {
            return Err(super::Msg::new("error-email-empty"));
        }
        if trimmed.chars().count() > 254 {
            return Err(super::Msg::new("error-email-long"));
        }
        let lower = trimmed.to_lowercase();
        if !email_address::EmailAddress::is_valid(&lower) || !lower.contains('@') {
            return Err(super::Msg::new("error-email-invalid").arg("value", trimmed));
        }
        // Mail relays want a domain with a dot; `user@localhost` is not deliverable here.
        let domain = lower.rsplit('@').next().unwrap_or_default();
        if !domain.contains('.') || domain.starts_with('[') {
            return Err(super::Msg::new("error-email-invalid").arg("value", trimmed));
        }
        Ok(EmailAddress(lower))
    }

    /// The normalized address.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The part before the `@`, a sensible default display name.
    pub fn local_part(&self) -> &str {
        self.0.split('@').next().unwrap_or_default()
    }
}

impl fmt::Display for EmailAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_addresses_are_normalized() {
        let e = EmailAddress::parse("  Li.Wei@Example.ORG ").expect("valid");
        assert_eq!(e.as_str(), "li.wei@example.org");
        assert_eq!(e.local_part(), "li.wei");
    }

    #[test]
    fn invalid_addresses_are_refused() {
        for bad in [
            "",
            "plain",
            "a@",
            "@b.org",
            "a b@c.org",
            "a@localhost",
            "a@@b.org",
        ] {
            assert!(EmailAddress::parse(bad).is_err(), "{bad:?} accepted");
        }
        let long = format!("{}@example.org", "a".repeat(250));
        assert!(EmailAddress::parse(&long).is_err());
    }
}

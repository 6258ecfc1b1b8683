//! API token names and the shape of the secret itself.

use std::fmt;

/// What every API token starts with, so a leaked one is recognizable (secret scanners, logs).
pub const TOKEN_PREFIX: &str = "qiao_";
/// Random bytes in a token (encoded as 43 base64url characters after the prefix).
pub const TOKEN_BYTES: usize = 32;
/// The longest token name, in characters.
pub const MAX_TOKEN_NAME_CHARS: usize = 60;

/// A token's name, unique in its organization: 1–60 characters, no control characters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TokenName(String);

impl TokenName {
    /// Parses user input.
    pub fn parse(input: &str) -> Result<Self, super::Msg> {
        let s = input.trim();
        if s.is_empty() {
            return Err(super::Msg::new("error-token-name-empty"));
        }
        let n = s.chars().count();
        if n > MAX_TOKEN_NAME_CHARS {
            return Err(super::Msg::new("error-token-name-long")
                .arg("max", MAX_TOKEN_NAME_CHARS)
                .arg("count", n));
        }
        if s.chars().any(char::is_control) {
            return Err(super::Msg::new("error-token-name-control"));
        }
        Ok(TokenName(s.to_owned()))
    }

    /// The name.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for TokenName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Whether `s` has the shape of a token we issue (prefix and 43 base64url characters), so a
/// malformed one is refused without a database lookup.
pub fn looks_like_token(s: &str) -> bool {
    s.strip_prefix(TOKEN_PREFIX).is_some_and(|rest| {
        rest.len() == 43
            && rest
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_trimmed_and_bounded() {
        assert_eq!(
            TokenName::parse("  importer ").expect("valid").as_str(),
            "importer"
        );
        assert!(TokenName::parse("   ").is_err());
        assert!(TokenName::parse(&"n".repeat(60)).is_ok());
        assert!(TokenName::parse(&"n".repeat(61)).is_err());
        assert!(TokenName::parse(&"名".repeat(60)).is_ok());
        assert!(TokenName::parse("a\tb").is_err());
    }

    #[test]
    fn only_issued_shapes_look_like_tokens() {
        let t = format!("{TOKEN_PREFIX}{}", "A".repeat(43));
        assert!(looks_like_token(&t));
        assert!(!looks_like_token(&"A".repeat(48)));
        assert!(!looks_like_token(&format!(
            "{TOKEN_PREFIX}{}",
            "A".repeat(42)
        )));
        assert!(!looks_like_token(&format!(
            "{TOKEN_PREFIX}{}=",
            "A".repeat(42)
        )));
    }
}

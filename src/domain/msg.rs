//! `Msg`: something to tell a person, not yet in their language. A catalog key and its
//! arguments; `i18n::Tr::msg` says it in a locale. Errors carry `Msg`s so that the words are
//! chosen where the reader is known (the page, the API's `message`), not where the error is
//! found.

use std::fmt;

/// One argument of a message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MsgArg {
    /// Text, shown as it is (a name, a value someone entered).
    Text(String),
    /// A number, which also chooses the plural form.
    Number(i64),
}

impl From<&str> for MsgArg {
    fn from(s: &str) -> Self {
        MsgArg::Text(s.to_owned())
    }
}

impl From<String> for MsgArg {
    fn from(s: String) -> Self {
        MsgArg::Text(s)
    }
}

impl From<&String> for MsgArg {
    fn from(s: &String) -> Self {
        MsgArg::Text(s.clone())
    }
}

macro_rules! number_arg {
    ($($t:ty),*) => {$(
        impl From<$t> for MsgArg {
            fn from(n: $t) -> Self {
                MsgArg::Number(i64::try_from(n).unwrap_or(i64::MAX))
            }
        }
    )*};
}
number_arg!(i32, i64, u32, u64, usize);

/// A message: a catalog key with arguments.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Msg {
    key: &'static str,
    args: Vec<(&'static str, MsgArg)>,
}

impl Msg {
    /// The message `key` of the catalogs (`error-title-empty`).
    pub fn new(key: &'static str) -> Msg {
        Msg {
            key,
            args: Vec::new(),
        }
    }

    /// With the argument `name`.
    #[must_use]
    pub fn arg(mut self, name: &'static str, value: impl Into<MsgArg>) -> Msg {
        self.args.push((name, value.into()));
        self
    }

    /// The catalog key.
    pub fn key(&self) -> &'static str {
        self.key
    }

    /// The arguments.
    pub fn args(&self) -> &[(&'static str, MsgArg)] {
        &self.args
    }

    /// The argument `name`, if given.
    pub fn get(&self, name: &str) -> Option<&MsgArg> {
        self.args.iter().find(|(n, _)| *n == name).map(|(_, v)| v)
    }
}

/// For logs and tests: the key and its arguments (`error-title-long(max=200)`); readers get
/// the words through `i18n::Tr::msg`.
impl fmt::Display for Msg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key)?;
        if !self.args.is_empty() {
            f.write_str("(")?;
            for (i, (name, value)) in self.args.iter().enumerate() {
                if i > 0 {
                    f.write_str(", ")?;
                }
                match value {
                    MsgArg::Text(t) => write!(f, "{name}={t}")?,
                    MsgArg::Number(n) => write!(f, "{name}={n}")?,
                }
            }
            f.write_str(")")?;
        }
        Ok(())
    }
}

//! Subscribers: what they follow and how often, and where they are in their life (pending until
//! they confirm, active, then perhaps unsubscribed, bounced or complained).

use std::fmt;
use std::str::FromStr;

use super::{Category, Msg};

/// Where a subscriber is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SubscriberStatus {
    /// Asked to follow; the confirmation link is not used yet. Receives nothing else.
    Pending,
    /// Confirmed: a follower.
    Active,
    /// Left; receives nothing until they follow again and confirm.
    Unsubscribed,
    /// Mail to the address failed permanently too often.
    Bounced,
    /// Marked a message as spam.
    Complained,
}

impl SubscriberStatus {
    /// Every status.
    pub const ALL: [SubscriberStatus; 5] = [
        SubscriberStatus::Pending,
        SubscriberStatus::Active,
        SubscriberStatus::Unsubscribed,
        SubscriberStatus::Bounced,
        SubscriberStatus::Complained,
    ];

    /// Stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            SubscriberStatus::Pending => "pending",
            SubscriberStatus::Active => "active",
            SubscriberStatus::Unsubscribed => "unsubscribed",
            SubscriberStatus::Bounced => "bounced",
            SubscriberStatus::Complained => "complained",
        }
    }

    /// Whether the address is on the organization's suppression list in this status: it is
    /// never mailed again unless the person themselves follows anew (and only after
    /// unsubscribing; a bounce or complaint is for the operator to lift).
    pub fn suppressed(self) -> bool {
        matches!(
            self,
            SubscriberStatus::Unsubscribed
                | SubscriberStatus::Bounced
                | SubscriberStatus::Complained
        )
    }
}

impl fmt::Display for SubscriberStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for SubscriberStatus {
    type Err = Msg;

    fn from_str(s: &str) -> Result<Self, Msg> {
        SubscriberStatus::ALL
            .into_iter()
            .find(|v| v.as_str() == s.trim())
            .ok_or_else(|| Msg::new("error-subscriber-status").arg("value", s))
    }
}

/// How often a subscriber wants a digest of what was published.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum Digest {
    /// Broadcasts only.
    #[default]
    None,
    /// Once a day, at the organization's digest hour.
    Daily,
    /// Once a week, on the organization's digest weekday.
    Weekly,
}

impl Digest {
    /// Every choice.
    pub const ALL: [Digest; 3] = [Digest::None, Digest::Daily, Digest::Weekly];

    /// Stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Digest::None => "none",
            Digest::Daily => "daily",
            Digest::Weekly => "weekly",
        }
    }
}

impl fmt::Display for Digest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Digest {
    type Err = Msg;

    fn from_str(s: &str) -> Result<Self, Msg> {
        Digest::ALL
            .into_iter()
            .find(|v| v.as_str() == s.trim())
            .ok_or_else(|| Msg::new("error-digest").arg("value", s))
    }
}

/// The categories a subscriber follows, stored as bits (culture 1, news 2, promotion 4) so an
/// audience filter is one integer test.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Categories(u8);

impl Categories {
    /// Every category: what a new subscriber follows.
    pub const ALL: Categories = Categories(0b111);
    /// None.
    pub const NONE: Categories = Categories(0);

    /// The bit of one category.
    pub fn bit(c: Category) -> i32 {
        match c {
            Category::Culture => 1,
            Category::News => 2,
            Category::Promotion => 4,
        }
    }

    /// From the stored bits; unknown bits are dropped.
    pub fn from_bits(bits: i32) -> Categories {
        Categories((bits & 0b111) as u8)
    }

    /// The stored bits.
    pub fn bits(self) -> i32 {
        i32::from(self.0)
    }

    /// Whether `c` is in the set.
    pub fn contains(self, c: Category) -> bool {
        self.bits() & Categories::bit(c) != 0
    }

    /// The categories in the set, in their usual order.
    pub fn iter(self) -> impl Iterator<Item = Category> {
        Category::ALL.into_iter().filter(move |c| self.contains(*c))
    }

    /// Parses names such as `culture, news` (commas or spaces between); an unknown name is an
    /// error naming it.
    pub fn parse_list(s: &str) -> Result<Categories, Msg> {
        let mut bits = 0;
        for name in s.split([',', ' ', ';']).filter(|n| !n.trim().is_empty()) {
            bits |= Categories::bit(name.parse::<Category>()?);
        }
        Ok(Categories::from_bits(bits))
    }
}

impl FromIterator<Category> for Categories {
    fn from_iter<I: IntoIterator<Item = Category>>(iter: I) -> Self {
        Categories::from_bits(iter.into_iter().map(Categories::bit).fold(0, |a, b| a | b))
    }
}

/// How long a subscriber may pause their mail.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pause {
    /// Mail again.
    Resume,
    /// For two weeks.
    TwoWeeks,
    /// For a month (30 days).
    OneMonth,
    /// For three months (90 days).
    ThreeMonths,
}

impl Pause {
    /// Every choice but `Resume`, shortest first.
    pub const LENGTHS: [Pause; 3] = [Pause::TwoWeeks, Pause::OneMonth, Pause::ThreeMonths];

    /// The form's value.
    pub fn as_str(self) -> &'static str {
        match self {
            Pause::Resume => "",
            Pause::TwoWeeks => "14",
            Pause::OneMonth => "30",
            Pause::ThreeMonths => "90",
        }
    }

    /// Days paused.
    pub fn days(self) -> i64 {
        match self {
            Pause::Resume => 0,
            Pause::TwoWeeks => 14,
            Pause::OneMonth => 30,
            Pause::ThreeMonths => 90,
        }
    }
}

impl FromStr for Pause {
    type Err = Msg;

    fn from_str(s: &str) -> Result<Self, Msg> {
        match s.trim() {
            "" | "0" => Ok(Pause::Resume),
            v => Pause::LENGTHS
                .into_iter()
                .find(|p| p.as_str() == v)
                .ok_or_else(|| Msg::new("error-pause").arg("value", s)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn categories_round_trip_through_bits_and_names() {
        let set = Categories::parse_list("news, promotion").expect("valid");
        assert_eq!(set.bits(), 6);
        assert_eq!(
            set.iter().collect::<Vec<_>>(),
            [Category::News, Category::Promotion]
        );
        assert_eq!(Categories::from_bits(6 | 64), set);
        assert_eq!(Categories::parse_list("").expect("empty"), Categories::NONE);
        let e = Categories::parse_list("news,sports").expect_err("unknown");
        assert_eq!(e.key(), "error-category");
        assert_eq!(
            Category::ALL.into_iter().collect::<Categories>(),
            Categories::ALL
        );
    }

    #[test]
    fn statuses_digests_and_pauses_parse_their_stored_names_only() {
        for s in SubscriberStatus::ALL {
            assert_eq!(s.as_str().parse::<SubscriberStatus>(), Ok(s));
        }
        assert!("Active".parse::<SubscriberStatus>().is_err());
        assert!(SubscriberStatus::Bounced.suppressed() && !SubscriberStatus::Pending.suppressed());
        assert_eq!("weekly".parse::<Digest>(), Ok(Digest::Weekly));
        assert!("hourly".parse::<Digest>().is_err());
        assert_eq!("30".parse::<Pause>(), Ok(Pause::OneMonth));
        assert_eq!("".parse::<Pause>(), Ok(Pause::Resume));
        assert!("365".parse::<Pause>().is_err());
    }
}

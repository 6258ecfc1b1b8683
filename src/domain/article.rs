//! Articles: titles, slugs, categories, and the editorial workflow with who may do what.

use std::fmt;
use std::str::FromStr;

use sha2::{Digest as _, Sha256};

use super::Msg;
use super::role::Role;

/// An article title: 1–120 characters, no control characters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Title(String);

impl Title {
    /// Parses user input.
    pub fn parse(input: &str) -> Result<Self, Msg> {
        let s = input.trim();
        if s.is_empty() {
            return Err(Msg::new("error-title-empty"));
        }
        let n = s.chars().count();
        if n > 120 {
            return Err(Msg::new("error-title-long").arg("max", 120).arg("count", n));
        }
        if s.chars().any(char::is_control) {
            return Err(Msg::new("error-title-control"));
        }
        Ok(Title(s.to_owned()))
    }

    /// The title.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// An article slug: 1–80 lower-case ASCII letters, digits and single hyphens.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ArticleSlug(String);

impl ArticleSlug {
    /// Parses an editor's slug.
    pub fn parse(input: &str) -> Result<Self, Msg> {
        let s = input.trim();
        if s.is_empty() || s.len() > 80 {
            return Err(Msg::new("error-article-slug-length"));
        }
        if !s
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        {
            return Err(Msg::new("error-slug-chars").arg("value", s));
        }
        if s.starts_with('-') || s.ends_with('-') || s.contains("--") {
            return Err(Msg::new("error-slug-hyphens"));
        }
        Ok(ArticleSlug(s.to_owned()))
    }

    /// Derives a slug from a title: Latin text is transliterated ("Café déjà vu" →
    /// `cafe-deja-vu`), Chinese becomes pinyin read word by word (中秋节的几种过法 →
    /// `zhong-qiu-jie-de-ji-zhong-guo-fa`, 银行 → `yin-hang`), cut at a syllable to at most
    /// 60 characters. A title with nothing to transliterate gets a short id, stable for the
    /// same title.
    pub fn derive(title: &str) -> Self {
        let latin = if title.chars().any(super::text::is_cjk) {
            ascii_words(&super::pinyin::syllables(title), 60)
        } else {
            ascii_words(title, 60)
        };
        if latin.is_empty() {
            let digest = Sha256::digest(title.trim().as_bytes());
            return ArticleSlug(format!("a-{}", base36(&digest[..6])));
        }
        ArticleSlug(latin)
    }

    /// The same slug with a numeric suffix, for when the plain one is taken.
    pub fn with_suffix(&self, n: u32) -> Self {
        let base: String = self.0.chars().take(74).collect();
        ArticleSlug(format!("{}-{n}", base.trim_end_matches('-')))
    }

    /// The slug.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ArticleSlug {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

pub(super) fn ascii_words(title: &str, max: usize) -> String {
    let ascii = deunicode::deunicode(title).to_ascii_lowercase();
    let mut out = String::new();
    for word in ascii
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if out.len() + word.len() + 1 > max {
            break;
        }
        if !out.is_empty() {
            out.push('-');
        }
        out.push_str(word);
    }
    out
}

fn base36(bytes: &[u8]) -> String {
    let mut n = bytes.iter().fold(0u64, |acc, b| (acc << 8) | u64::from(*b));
    let digits = b"0123456789abcdefghijklmnopqrstuvwxyz";
    let mut out = Vec::new();
    while n > 0 {
        out.push(digits[(n % 36) as usize]);
        n /= 36;
    }
    if out.is_empty() {
        out.push(b'0');
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// What kind of article this is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Category {
    /// Culture, history, community life.
    Culture,
    /// News.
    News,
    /// Promotions and announcements.
    Promotion,
}

impl Category {
    /// Every category.
    pub const ALL: [Category; 3] = [Category::Culture, Category::News, Category::Promotion];

    /// Stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Culture => "culture",
            Category::News => "news",
            Category::Promotion => "promotion",
        }
    }
}

/// Compares with the stored name (`status == "published"` reads well in tests and logs).
macro_rules! eq_str {
    ($($t:ty),*) => {$(
        impl PartialEq<&str> for $t {
            fn eq(&self, other: &&str) -> bool {
                self.as_str() == *other
            }
        }
    )*};
}
eq_str!(Category, Status);

impl FromStr for Category {
    type Err = Msg;

    fn from_str(s: &str) -> Result<Self, Msg> {
        Category::ALL
            .into_iter()
            .find(|c| c.as_str() == s.trim())
            .ok_or_else(|| Msg::new("error-category").arg("value", s))
    }
}

/// Where an article is in the workflow.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Status {
    /// Being written.
    Draft,
    /// Submitted for review.
    InReview,
    /// Will be published at `publish_at`.
    Scheduled,
    /// Public.
    Published,
    /// Taken down but kept.
    Archived,
}

impl Status {
    /// Every status.
    pub const ALL: [Status; 5] = [
        Status::Draft,
        Status::InReview,
        Status::Scheduled,
        Status::Published,
        Status::Archived,
    ];

    /// Stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Draft => "draft",
            Status::InReview => "in_review",
            Status::Scheduled => "scheduled",
            Status::Published => "published",
            Status::Archived => "archived",
        }
    }
}

impl FromStr for Status {
    type Err = Msg;

    fn from_str(s: &str) -> Result<Self, Msg> {
        Status::ALL
            .into_iter()
            .find(|x| x.as_str() == s.trim())
            .ok_or_else(|| Msg::new("error-status").arg("value", s))
    }
}

/// A workflow step.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    /// draft → in_review.
    Submit,
    /// in_review → draft (by its author).
    Withdraw,
    /// in_review → draft (by a reviewer).
    Reject,
    /// draft | in_review | scheduled → scheduled (at a future time).
    Schedule,
    /// draft | in_review | scheduled | archived → published (now).
    Publish,
    /// scheduled → draft.
    Unschedule,
    /// published → draft.
    Unpublish,
    /// published → archived.
    Archive,
    /// archived → draft.
    Restore,
}

impl Action {
    /// The status after this step from `from`, or why it is not possible.
    pub fn apply(self, from: Status) -> Result<Status, Msg> {
        use Status::*;
        let to = match (self, from) {
            (Action::Submit, Draft) => InReview,
            (Action::Withdraw | Action::Reject, InReview) => Draft,
            (Action::Schedule, Draft | InReview | Scheduled) => Scheduled,
            (Action::Publish, Draft | InReview | Scheduled | Archived) => Published,
            (Action::Unschedule, Scheduled) => Draft,
            (Action::Unpublish, Published) => Draft,
            (Action::Archive, Published) => Archived,
            (Action::Restore, Archived) => Draft,
            _ => {
                return Err(Msg::new("error-step")
                    .arg("status", from.as_str())
                    .arg("action", self.as_str()));
            }
        };
        Ok(to)
    }

    /// Every action.
    pub const ALL: [Action; 9] = [
        Action::Submit,
        Action::Withdraw,
        Action::Reject,
        Action::Schedule,
        Action::Publish,
        Action::Unschedule,
        Action::Unpublish,
        Action::Archive,
        Action::Restore,
    ];

    /// The name used in forms and the API.
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Submit => "submit",
            Action::Withdraw => "withdraw",
            Action::Reject => "reject",
            Action::Schedule => "schedule",
            Action::Publish => "publish",
            Action::Unschedule => "unschedule",
            Action::Unpublish => "unpublish",
            Action::Archive => "archive",
            Action::Restore => "restore",
        }
    }
    /// The steps a member may offer on an article in `status`: possible from that status,
    /// allowed for the role, and (between the two ways back to draft) the one that fits:
    /// the author withdraws, a reviewer sends back.
    pub fn offered(status: Status, role: Role, own: bool) -> Vec<Action> {
        Action::ALL
            .into_iter()
            .filter(|a| a.apply(status).is_ok() && a.permitted(role, own))
            .filter(|a| match a {
                Action::Withdraw => own,
                Action::Reject => !own,
                _ => true,
            })
            .collect()
    }

    /// Whether `role` may take this step on an article; `own` says whether the member wrote it.
    /// Contributors submit and withdraw their own; authors also publish, schedule and take down
    /// their own; editors and owners do everything, including review.
    pub fn permitted(self, role: Role, own: bool) -> bool {
        if role <= Role::Editor {
            return true;
        }
        if !own {
            return false;
        }
        match self {
            Action::Submit | Action::Withdraw => true,
            Action::Reject => false,
            _ => role == Role::Author,
        }
    }
}

impl FromStr for Action {
    type Err = Msg;

    fn from_str(s: &str) -> Result<Self, Msg> {
        Action::ALL
            .into_iter()
            .find(|a| a.as_str() == s.trim())
            .ok_or_else(|| Msg::new("error-action").arg("value", s))
    }
}

/// Whether `role` may change the content of an article in `status`; `own` says whether the
/// member wrote it. Contributors edit their own drafts (an article in review waits for the
/// reviewer, or for them to withdraw it); authors edit their own articles; editors and owners
/// edit everything.
pub fn may_edit(role: Role, own: bool, status: Status) -> Result<(), Msg> {
    if role <= Role::Editor || (own && role == Role::Author) {
        return Ok(());
    }
    if !own {
        return Err(Msg::new("error-edit-not-yours"));
    }
    if status == Status::Draft {
        Ok(())
    } else {
        Err(Msg::new("error-edit-not-draft").arg("status", status.as_str()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_are_bounded() {
        assert!(Title::parse("  ").is_err());
        assert!(Title::parse(&"标".repeat(120)).is_ok());
        let e = Title::parse(&"标".repeat(121)).expect_err("too long");
        assert_eq!(
            e,
            Msg::new("error-title-long")
                .arg("max", 120)
                .arg("count", 121)
        );
    }

    #[test]
    fn slugs_are_derived_from_titles() {
        assert_eq!(
            ArticleSlug::derive("Café déjà vu: Rust 1.80!").as_str(),
            "cafe-deja-vu-rust-1-80"
        );
        // Chinese titles read as pinyin, word by word.
        for (title, slug) in [
            ("中秋节的几种过法", "zhong-qiu-jie-de-ji-zhong-guo-fa"),
            ("每周分享第 10 期", "mei-zhou-fen-xiang-di-10-qi"),
            (
                "重庆银行行长访问多伦多",
                "chong-qing-yin-hang-hang-zhang-fang-wen-duo-lun-duo",
            ),
            ("Rust 2024 新特性", "rust-2024-xin-te-xing"),
            (
                "元宵節燈會：歡迎全家一起來",
                "yuan-xiao-jie-deng-hui-huan-ying-quan-jia-yi-qi-lai",
            ),
        ] {
            assert_eq!(ArticleSlug::derive(title).as_str(), slug, "{title}");
        }
        // Capped at a syllable, never in the middle of one, and still a valid slug.
        let long = ArticleSlug::derive(&"中秋节的几种过法".repeat(10));
        assert!(long.as_str().len() <= 60, "{long}");
        assert!(ArticleSlug::parse(long.as_str()).is_ok(), "{long}");
        let whole = "zhong qiu jie de ji zhong guo fa";
        assert!(
            long.as_str()
                .split('-')
                .all(|part| whole.split(' ').any(|w| w == part)),
            "cut inside a syllable: {long}"
        );
        // Nothing to read: a short id, stable for the title.
        let zh = ArticleSlug::derive("。。。");
        assert!(zh.as_str().starts_with("a-"), "{zh}");
        assert_eq!(zh, ArticleSlug::derive("。。。"), "stable");
        assert!(ArticleSlug::derive("!!!").as_str().len() > 2);
        assert!(
            ArticleSlug::parse(ArticleSlug::derive(&"long words ".repeat(20)).as_str()).is_ok()
        );
        assert_eq!(
            ArticleSlug::parse("hello-world")
                .expect("ok")
                .with_suffix(2)
                .as_str(),
            "hello-world-2"
        );
        for bad in ["", "Hello", "a b", "-a", "a--b", "文章"] {
            assert!(ArticleSlug::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn categories_and_statuses_round_trip() {
        for c in Category::ALL {
            assert_eq!(c.as_str().parse::<Category>(), Ok(c));
        }
        assert!("sports".parse::<Category>().is_err());
        for s in Status::ALL {
            assert_eq!(s.as_str().parse::<Status>(), Ok(s));
        }
    }

    #[test]
    fn the_workflow_allows_only_its_transitions() {
        use Status::*;
        assert_eq!(Action::Submit.apply(Draft), Ok(InReview));
        assert_eq!(Action::Publish.apply(InReview), Ok(Published));
        assert_eq!(Action::Archive.apply(Published), Ok(Archived));
        assert_eq!(Action::Unpublish.apply(Published), Ok(Draft));
        assert!(Action::Archive.apply(Draft).is_err());
        assert!(Action::Submit.apply(Published).is_err());
        let e = Action::Unpublish
            .apply(InReview)
            .expect_err("not published");
        assert_eq!(
            e,
            Msg::new("error-step")
                .arg("status", "in_review")
                .arg("action", "unpublish")
        );
    }

    #[test]
    fn each_role_may_take_its_steps() {
        use Action::*;
        for a in [
            Submit, Withdraw, Reject, Schedule, Publish, Unschedule, Unpublish, Archive, Restore,
        ] {
            assert!(a.permitted(Role::Owner, false) && a.permitted(Role::Editor, false));
            assert!(!a.permitted(Role::Author, false) && !a.permitted(Role::Contributor, false));
        }
        assert!(Submit.permitted(Role::Contributor, true));
        assert!(!Publish.permitted(Role::Contributor, true));
        assert!(Publish.permitted(Role::Author, true));
        assert!(!Reject.permitted(Role::Author, true));
    }

    #[test]
    fn offered_steps_fit_the_member() {
        use Action::*;
        assert_eq!(
            Action::offered(Status::Draft, Role::Contributor, true),
            [Submit]
        );
        assert!(Action::offered(Status::Draft, Role::Contributor, false).is_empty());
        assert_eq!(
            Action::offered(Status::InReview, Role::Contributor, true),
            [Withdraw]
        );
        assert_eq!(
            Action::offered(Status::InReview, Role::Editor, false),
            [Reject, Schedule, Publish]
        );
        assert_eq!(
            Action::offered(Status::Published, Role::Author, true),
            [Unpublish, Archive]
        );
        for a in Action::ALL {
            assert_eq!(a.as_str().parse::<Action>(), Ok(a));
        }
    }

    #[test]
    fn who_may_edit_what() {
        use Status::*;
        for st in Status::ALL {
            assert!(may_edit(Role::Editor, false, st).is_ok());
            assert!(may_edit(Role::Author, true, st).is_ok());
            assert!(may_edit(Role::Author, false, st).is_err());
            assert!(may_edit(Role::Contributor, false, st).is_err());
            assert_eq!(may_edit(Role::Contributor, true, st).is_ok(), st == Draft);
        }
    }
}

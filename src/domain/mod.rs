//! Types and rules, no I/O. Input is parsed at the edge into these types; deeper code trusts
//! them.

pub mod article;
pub mod article_fields;
pub mod broadcast;
pub mod email;
pub mod fields;
pub mod locale;
pub mod msg;
pub mod paths;
pub mod pinyin;
pub mod rendered;
pub mod role;
pub mod script;
pub mod search;
pub mod slug;
pub mod subscriber;
pub mod text;
pub mod time;
pub mod token;

pub use article::{Action, ArticleSlug, Category, Status, Title};
pub use article_fields::{ArticleFields, ArticleInput, TagName};
pub use broadcast::{ArticleList, BroadcastStatus, Channel, Channels, MAX_ARTICLES, QuotaPeriod};
pub use email::EmailAddress;
pub use fields::{Description, LanguageTag, NewPassword, OrgName, PersonName, TimeZone};
pub use locale::Locale;
pub use msg::{Msg, MsgArg};
pub use rendered::RenderedBody;
pub use role::{Permission, Role};
pub use script::{ChineseScript, HantWords, ScriptSettings};
pub use slug::OrgSlug;
pub use subscriber::{Categories, Digest, Pause, SubscriberStatus};
pub use token::TokenName;

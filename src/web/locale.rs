//! Which language the dashboard and the account pages speak: the user's saved choice, else
//! this browser's choice on the public site's switch, else `Accept-Language`, else the
//! organization's language, else English. Public pages choose for themselves (see
//! `web::public::language`): they follow their content.

use actix_web::HttpRequest;
use actix_web::http::header;

use crate::domain::Locale;
use crate::i18n::Tr;
use crate::render::site::LanguageLink;

/// What a request says about its reader's language, read once.
#[derive(Clone, Debug, Default)]
pub struct Hints {
    /// The `qiao_lang` cookie, when it names a locale.
    pub cookie: Option<Locale>,
    /// The best match of `Accept-Language`.
    pub accept: Option<Locale>,
}

impl Hints {
    /// The hints of `req`.
    pub fn of(req: &HttpRequest) -> Hints {
        Hints {
            cookie: super::public::language::chosen(req),
            accept: req
                .headers()
                .get(header::ACCEPT_LANGUAGE)
                .and_then(|v| v.to_str().ok())
                .and_then(Locale::negotiate),
        }
    }

    /// The locale for a user whose saved choice is `saved` (a tag, as stored), in an
    /// organization whose language is `org_language`.
    pub fn choose(&self, saved: Option<&str>, org_language: Option<&str>) -> Locale {
        saved
            .and_then(Locale::from_tag)
            .or(self.cookie)
            .or(self.accept)
            .or_else(|| org_language.map(Locale::for_content))
            .unwrap_or(Locale::En)
    }

    /// The words for that locale.
    pub fn tr(&self, saved: Option<&str>, org_language: Option<&str>) -> Tr {
        Tr::new(self.choose(saved, org_language))
    }
}

/// The header's language switch on a dashboard or account page at `here`.
pub fn switch(current: Locale, here: &str) -> Vec<LanguageLink> {
    Locale::ALL
        .iter()
        .map(|l| LanguageLink {
            tag: l.tag(),
            name: l.native_name(),
            href: super::public::language::link(*l, here),
            current: *l == current,
        })
        .collect()
}

//! Telling people from programs by the `User-Agent` header, so that crawlers, link-preview
//! fetchers, monitors and scripts do not inflate view counts.
//!
//! Two compact rules instead of a list of every bot:
//! 1. Every browser a person uses sends a user agent starting with `Mozilla/` (Chrome, Safari,
//!    Firefox, Edge, the in-app browsers of WeChat, QQ, Weibo…; old Opera Mini: `Opera/`) and
//!    naming its platform in parentheses. Anything else — missing, empty, a bare `Mozilla/5.0`,
//!    `curl/`, `Wget/`, `python-requests/`, `Go-http-client/`, `okhttp/`, `Dalvik/`,
//!    `facebookexternalhit/`, `Slackbot-LinkExpanding`, `WhatsApp/`, `TelegramBot` — is a
//!    program.
//! 2. Bots that do start with `Mozilla/` name themselves: a word from [`BOT_WORDS`] anywhere,
//!    case-insensitively (`Googlebot`, `bingbot`, `Baiduspider`, `HeadlessChrome`, `+http://…`
//!    contact links, `UptimeRobot`, `SkypeUriPreview`…).

use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, MatchKind};

/// Prefixes of the user agents of browsers people use (compared case-insensitively).
const BROWSER_PREFIXES: [&str; 2] = ["mozilla/", "opera/"];

/// Words that mark a program even behind a `Mozilla/` prefix.
pub const BOT_WORDS: &[&str] = &[
    // crawlers: Googlebot, bingbot, Applebot, GPTBot, Baiduspider, Bytespider, Yahoo! Slurp…
    "bot",
    "crawl",
    "spider",
    "slurp",
    "mediapartners",
    "google-",
    "googleother",
    // crawlers and fetchers give a contact link; browsers never do
    "+http",
    // link previews: facebookexternalhit, Embedly, SkypeUriPreview, BingPreview…
    "facebookexternalhit",
    "embedly",
    "preview",
    // automation and performance tools
    "headless",
    "phantomjs",
    "lighthouse",
    "gtmetrix",
    "python",
    "scrapy",
    // uptime monitors
    "monitor",
    "uptime",
    "pingdom",
    "site24x7",
    "statuscake",
];

/// Matches of these words are not bot words (Cubot is an Android phone maker).
const NOT_BOT_WORDS: &[&str] = &["cubot"];

static MATCHER: LazyLock<Option<AhoCorasick>> = LazyLock::new(|| {
    AhoCorasick::builder()
        .ascii_case_insensitive(true)
        // "cubot" must win over the "bot" inside it.
        .match_kind(MatchKind::LeftmostLongest)
        .build(BOT_WORDS.iter().chain(NOT_BOT_WORDS))
        .ok()
});

/// Whether a request with this `User-Agent` comes from a program rather than a person. A missing
/// or empty user agent is a program.
pub fn is_bot(user_agent: Option<&str>) -> bool {
    let ua = user_agent.unwrap_or_default().trim();
    let browser = BROWSER_PREFIXES.iter().any(|p| {
        ua.get(..p.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(p))
    });
    if !browser || !ua.contains('(') {
        return true;
    }
    // The matcher is built from constants and cannot fail (a test checks); without it only
    // the first rule applies.
    MATCHER.as_ref().is_some_and(|m| {
        m.find_iter(ua)
            .any(|hit| hit.pattern().as_usize() < BOT_WORDS.len())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const BOTS: &[&str] = &[
        "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        "Mozilla/5.0 (Linux; Android 6.0.1; Nexus 5X Build/MMB29P) AppleWebKit/537.36 (KHTML, \
         like Gecko) Chrome/126.0.6478.126 Mobile Safari/537.36 (compatible; Googlebot/2.1; \
         +http://www.google.com/bot.html)",
        "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; bingbot/2.0; \
         +http://www.bing.com/bingbot.htm) Chrome/116.0.1938.76 Safari/537.36",
        "Twitterbot/1.0",
        "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_11_1) AppleWebKit/601.2.4 (KHTML, like Gecko) \
         Version/9.0.1 Safari/601.2.4 facebookexternalhit/1.1 Facebot Twitterbot/1.0",
        "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)",
        "Mozilla/5.0 (compatible; Discordbot/2.0; +https://discordapp.com)",
        "TelegramBot (like TwitterBot)",
        "WhatsApp/2.23.20.0 A",
        "LinkedInBot/1.0 (compatible; Mozilla/5.0; Apache-HttpClient +http://www.linkedin.com)",
        "Mozilla/5.0 (Windows NT 6.1; WOW64) SkypeUriPreview Preview/0.5",
        "Mozilla/5.0 (compatible; Embedly/0.2; +http://support.embed.ly/)",
        "Mozilla/5.0 (compatible; Baiduspider/2.0; +http://www.baidu.com/search/spider.html)",
        "Sogou web spider/4.0(+http://www.sogou.com/docs/help/webmasters.htm#07)",
        "Mozilla/5.0 (Linux; Android 5.0) AppleWebKit/537.36 (KHTML, like Gecko) Mobile Safari/\
         537.36 (compatible; Bytespider; spider-feedback@bytedance.com)",
        "Mozilla/5.0 (compatible; YandexBot/3.0; +http://yandex.com/bots)",
        "Mozilla/5.0 (compatible; Yahoo! Slurp; http://help.yahoo.com/help/us/ysearch/slurp)",
        "Mozilla/5.0 (compatible; Yeti/1.1; +https://naver.me/spd)",
        "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; GPTBot/1.2; \
         +https://openai.com/gptbot)",
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) \
         HeadlessChrome/126.0.0.0 Safari/537.36",
        "Mozilla/5.0 (Linux; Android 11; moto g power (2022)) AppleWebKit/537.36 (KHTML, like \
         Gecko) Chrome/109.0.0.0 Mobile Safari/537.36 Chrome-Lighthouse",
        "Mozilla/5.0 (compatible; UptimeRobot/2.0; http://www.uptimerobot.com/)",
        "Mozilla/5.0 (compatible; pingdom.com_bot_version_1.4_(http://www.pingdom.com/))",
        "Mozilla/5.0 (compatible; MSIE 9.0; Windows NT 6.1; Trident/5.0; Site24x7)",
        "Go-http-client/2.0",
        "curl/8.5.0",
        "Wget/1.21.4",
        "python-requests/2.31.0",
        "okhttp/4.12.0",
        "Dalvik/2.1.0 (Linux; U; Android 13; SM-S911B Build/TP1A.220624.014)",
        "Java/17.0.2",
        "http.rb/5.1.1 (Mastodon/4.2.0; +https://mastodon.social/)",
        "Mozilla/5.0",
        "",
        "   ",
    ];

    const PEOPLE: &[&str] = &[
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) \
         Chrome/126.0.0.0 Safari/537.36",
        "Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:127.0) Gecko/20100101 Firefox/127.0",
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, \
         like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) \
         Chrome/126.0.0.0 Safari/537.36 Edg/126.0.2592.87",
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like \
         Gecko) Mobile/15E148 MicroMessenger/8.0.42(0x18002a2b) NetType/WIFI Language/zh_CN",
        "Mozilla/5.0 (Linux; Android 13; V2227A Build/TP1A.220624.014; wv) AppleWebKit/537.36 \
         (KHTML, like Gecko) Version/4.0 Chrome/111.0.5563.116 Mobile Safari/537.36 \
         XWEB/1110005 MMWEBSDK/20230805 MMWEBID/1234 MicroMessenger/8.0.42.2460(0x28002A58) \
         WeChat/arm64 Weixin NetType/WIFI Language/zh_CN ABI/arm64",
        "Mozilla/5.0 (Linux; U; Android 12; zh-CN; PGBM10 Build/SP1A.210812.016) \
         AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/100.0.4896.58 \
         UCBrowser/16.3.8.1285 Mobile Safari/537.36",
        "Mozilla/5.0 (Linux; Android 12; CUBOT KingKong Power) AppleWebKit/537.36 (KHTML, like \
         Gecko) Chrome/125.0.6422.165 Mobile Safari/537.36",
        "mozilla/5.0 (iPad; CPU OS 16_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) \
         CriOS/126.0.6478.54 Mobile/15E148 Safari/604.1",
        "Opera/9.80 (J2ME/MIDP; Opera Mini/9.80 (S60; SymbOS; Opera Mobi/23.348; U; en) \
         Presto/2.5.25 Version/10.54",
    ];

    #[test]
    fn the_word_matcher_builds() {
        assert!(MATCHER.is_some());
    }

    #[test]
    fn crawlers_previews_monitors_and_scripts_are_bots() {
        for ua in BOTS {
            assert!(is_bot(Some(ua)), "should be a bot: {ua}");
        }
        assert!(is_bot(None), "no user agent");
    }

    #[test]
    fn browsers_people_use_are_not_bots() {
        for ua in PEOPLE {
            assert!(!is_bot(Some(ua)), "should be a person: {ua}");
        }
    }

    #[test]
    fn a_bot_on_a_cubot_phone_is_still_a_bot() {
        assert!(is_bot(Some(
            "Mozilla/5.0 (Linux; Android 12; CUBOT X30) Chrome/125.0 (compatible; Googlebot/2.1)"
        )));
    }
}

//! Browser tests: real headless chromium through chromedriver. Ignored by default (they need
//! Debian's `chromium chromium-driver fonts-noto-cjk`); CI installs them and runs
//! `cargo test --test api -- --ignored browser`.

use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use base64::Engine as _;
use fantoccini::{Client, ClientBuilder, Locator};
use qiao::domain::Role;

use crate::helpers::{PASSWORD, TestApp, spawn_app};

/// chromedriver and a browser session; the driver is killed on drop.
pub struct Browser {
    pub client: Client,
    driver: Child,
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

impl Browser {
    /// Starts chromedriver on a free loopback port and opens a headless session.
    pub async fn start() -> Browser {
        let driver_bin =
            std::env::var("TEST_CHROMEDRIVER").unwrap_or_else(|_| "chromedriver".to_owned());
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("free port")
            .port();
        let driver = Command::new(&driver_bin)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {driver_bin}: {e} (install chromium-driver)"));
        let deadline = Instant::now() + Duration::from_secs(20);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "chromedriver did not start");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        // Notifications blocked: no test may make the browser subscribe at its vendor's push
        // service (that would be traffic off this machine).
        let mut options = serde_json::json!({
            "args": ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage",
                     "--disable-gpu", "--window-size=1280,900", "--lang=en-US"],
            "prefs": { "profile.default_content_setting_values.notifications": 2 }
        });
        for binary in ["/usr/bin/chromium", "/usr/bin/chromium-browser"] {
            if std::path::Path::new(binary).exists() {
                options["binary"] = binary.into();
                break;
            }
        }
        let mut caps = serde_json::Map::new();
        caps.insert("browserName".into(), "chrome".into());
        caps.insert("goog:chromeOptions".into(), options);
        // reqwest and fantoccini bring different rustls backends; pick one for the process.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let client = ClientBuilder::rustls()
            .expect("tls")
            .capabilities(caps)
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
            .expect("browser session");
        Browser { client, driver }
    }

    /// Polls a JavaScript expression until it is truthy.
    pub async fn wait_until(&self, what: &str, js: &str) -> serde_json::Value {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let v = self
                .client
                .execute(&format!("return ({js});"), vec![])
                .await
                .expect("script");
            let truthy = match &v {
                serde_json::Value::Null | serde_json::Value::Bool(false) => false,
                serde_json::Value::String(s) => !s.is_empty(),
                serde_json::Value::Number(n) => n.as_f64() != Some(0.0),
                _ => true,
            };
            if truthy {
                return v;
            }
            assert!(Instant::now() < deadline, "timed out waiting for {what}");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Logs in through the login form.
    pub async fn log_in(&self, app: &TestApp, email: &str) {
        let c = &self.client;
        c.goto(&app.url("/login")).await.expect("goto");
        c.find(Locator::Css("input[name=email]"))
            .await
            .expect("email")
            .send_keys(email)
            .await
            .expect("type");
        c.find(Locator::Css("input[name=password]"))
            .await
            .expect("password")
            .send_keys(PASSWORD)
            .await
            .expect("type");
        c.find(Locator::Css("form button[type=submit]"))
            .await
            .expect("button")
            .click()
            .await
            .expect("click");
        self.wait_until("login", "!location.pathname.startsWith('/login')")
            .await;
    }
}

fn png_base64() -> String {
    base64::engine::general_purpose::STANDARD.encode(crate::helpers::png(240, 160))
}

#[tokio::test]
#[ignore = "needs chromium and chromedriver"]
async fn browser_typing_updates_the_preview_autosaves_and_a_dropped_image_appears() {
    let app = spawn_app().await;
    app.create_org("acme");
    app.create_user("editor@example.org", "acme", Role::Editor);
    let b = Browser::start().await;
    b.log_in(&app, "editor@example.org").await;
    let c = &b.client;
    c.goto(&app.url("/dashboard/acme/articles/new"))
        .await
        .expect("goto");
    c.find(Locator::Css("input[name=title]"))
        .await
        .expect("title")
        .send_keys("浏览器测试 Browser test")
        .await
        .expect("type");
    let body = c.find(Locator::Id("body")).await.expect("textarea");
    body.send_keys("## 你好，世界\n\nSome **bold** words.")
        .await
        .expect("type");
    b.wait_until(
        "the live preview",
        "document.querySelector('#preview strong') && document.querySelector('#preview strong').textContent === 'bold' && document.querySelector('#preview h2').textContent.includes('你好')",
    )
    .await;
    let words = b
        .wait_until(
            "the word count",
            "document.getElementById('words').textContent",
        )
        .await;
    assert_eq!(words, "7", "4 Chinese characters and 3 English words");

    // Autosave creates the draft and moves the address to its editor.
    b.wait_until(
        "autosave",
        "document.getElementById('save-state').textContent.startsWith('Saved at')",
    )
    .await;
    let path = c.current_url().await.expect("url").path().to_owned();
    let id: i64 = path
        .rsplit('/')
        .next()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("editor address: {path}"));
    {
        let mut conn = app.db.get().expect("conn");
        let a = qiao::db::articles::by_id(&mut conn, id).expect("saved");
        assert_eq!(a.title, "浏览器测试 Browser test");
        assert!(a.body_markdown.contains("Some **bold** words."));
    }

    drop_an_image_onto_the_text(&b).await;
    // Ctrl+S saves at once, image included.
    body.send_keys(" ").await.expect("type");
    c.execute(
        "document.dispatchEvent(new KeyboardEvent('keydown', {key: 's', ctrlKey: true, bubbles: true}));",
        vec![],
    )
    .await
    .expect("ctrl+s");
    b.wait_until(
        "the explicit save",
        "document.getElementById('save-state').textContent.startsWith('Saved at')",
    )
    .await;
    let mut conn = app.db.get().expect("conn");
    let a = qiao::db::articles::by_id(&mut conn, id).expect("saved");
    assert!(a.body_markdown.contains("](/media/"), "{}", a.body_markdown);
    assert!(a.body_html.contains("<img"), "{}", a.body_html);
    drop(b);
}

/// Drops an image onto the editor's text: it is uploaded, its Markdown inserted, and the
/// preview shows it.
async fn drop_an_image_onto_the_text(b: &Browser) {
    let c = &b.client;
    let dropped = c
        .execute(
            r#"
            const bin = atob(arguments[0]);
            const bytes = new Uint8Array(bin.length);
            for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
            const file = new File([bytes], "lantern.png", { type: "image/png" });
            const dt = new DataTransfer();
            dt.items.add(file);
            const ta = document.getElementById("body");
            ta.focus();
            ta.setSelectionRange(ta.value.length, ta.value.length);
            const ev = new DragEvent("drop", { dataTransfer: dt, bubbles: true, cancelable: true });
            return ta.dispatchEvent(ev) === false;
            "#,
            vec![png_base64().into()],
        )
        .await
        .expect("drop");
    assert_eq!(dropped, true, "the editor handled the drop");
    b.wait_until(
        "the dropped image in the preview",
        "(() => { const i = document.querySelector('#preview img[src^=\"/media/\"]'); return i && i.complete && i.naturalWidth > 0; })()",
    )
    .await;
    let md = b
        .wait_until(
            "the image Markdown",
            "document.getElementById('body').value",
        )
        .await;
    assert!(
        md.as_str().unwrap_or_default().contains("](/media/"),
        "{md}"
    );
}

#[tokio::test]
#[ignore = "needs chromium and chromedriver"]
async fn browser_a_chinese_article_reads_well_at_phone_width() {
    let app = spawn_app().with_member(Role::Editor).await;
    let editor = app.member(Role::Editor);
    let slug = published_chinese_article_with_a_cover(&app, &editor).await;
    let b = Browser::start().await;
    let c = &b.client;
    c.set_window_size(320, 700).await.expect("phone size");
    c.goto(&app.url(&format!("/@acme/{slug}")))
        .await
        .expect("goto");
    let title = b
        .wait_until("the title", "document.querySelector('article h1') && document.querySelector('article h1').textContent")
        .await;
    assert_eq!(title, "元宵节灯会：欢迎全家一起来");
    b.wait_until(
        "the cover to load",
        "(() => { const i = document.querySelector('img.cover'); return i && i.complete && i.naturalWidth > 0; })()",
    )
    .await;
    let layout = c
        .execute(
            r#"
            const w = window.innerWidth;
            const cover = document.querySelector('img.cover').getBoundingClientRect();
            const text = document.querySelector('.prose p').getBoundingClientRect();
            return {
              viewport: w,
              overflow: document.documentElement.scrollWidth - w,
              cover_width: cover.width, cover_height: cover.height, cover_left: cover.left,
              text_width: text.width, text_height: text.height,
              lang: document.documentElement.lang,
              font: getComputedStyle(document.querySelector('.prose p')).fontFamily,
            };
            "#,
            vec![],
        )
        .await
        .expect("layout");
    let num = |k: &str| layout[k].as_f64().unwrap_or(-1.0);
    assert!(num("viewport") <= 340.0, "the narrowest phones: {layout}");
    assert!(num("overflow") <= 0.0, "no sideways scrolling: {layout}");
    assert!(
        num("cover_width") > 200.0 && num("cover_height") > 100.0 && num("cover_left") >= 0.0,
        "{layout}"
    );
    assert!(
        num("text_width") > 200.0 && num("text_height") > 40.0,
        "{layout}"
    );
    assert_eq!(layout["lang"], "zh");
    let shot = c.screenshot().await.expect("screenshot");
    let path = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("article-phone.png");
    std::fs::write(&path, &shot).expect("write screenshot");
    println!("screenshot: {}", path.display());
    eprintln!("screenshot: {}", path.display());
    // The share box's Copy button (added by the page's script) copies the article's link.
    c.find(fantoccini::Locator::Css(".copy-button"))
        .await
        .expect("the Copy button")
        .click()
        .await
        .expect("click Copy");
    let said = b
        .wait_until(
            "the copy status",
            "document.querySelector('.copy-status').textContent",
        )
        .await;
    assert_eq!(said, "已复制", "in the page's language");
    let button = b
        .wait_until(
            "the Copy button's label",
            "document.querySelector('.copy-button').textContent",
        )
        .await;
    assert_eq!(button, "复制");
}

/// A cover uploaded to the library, then a published Chinese article that uses it; its slug.
async fn published_chinese_article_with_a_cover(app: &TestApp, editor: &reqwest::Client) -> String {
    // A cover from the library, then a Chinese article that uses it.
    let token = app.csrf(editor, "/dashboard/acme/media").await;
    let bytes = crate::helpers::png(240, 160);
    let form = reqwest::multipart::Form::new().text("alt", "灯笼").part(
        "file",
        reqwest::multipart::Part::bytes(bytes).file_name("cover.png"),
    );
    let media: serde_json::Value = editor
        .post(app.url("/dashboard/acme/media"))
        .header("Accept", "application/json")
        .header("X-CSRF-Token", token)
        .multipart(form)
        .send()
        .await
        .expect("upload")
        .json()
        .await
        .expect("json");
    let body = "元宵节是中国的传统节日，人们在这一天赏花灯、猜灯谜、吃汤圆。\n\n\
        今年我们在社区中心举办灯会，欢迎大家携家人朋友一起参加。活动包括舞龙舞狮表演、\
        书法体验和手工灯笼制作，适合所有年龄的朋友。";
    let id = crate::helpers::new_article(
        app,
        editor,
        "acme",
        &[
            ("title", "元宵节灯会：欢迎全家一起来"),
            ("body_markdown", body),
            ("category", "culture"),
            ("language", "zh"),
            ("cover_media_id", &media["id"].to_string()),
        ],
    )
    .await;
    crate::helpers::publish(app, editor, "acme", id).await;
    crate::helpers::slug(app, id)
}

#[tokio::test]
#[ignore = "needs chromium and chromedriver"]
async fn browser_the_preview_button_shows_the_preview_on_a_phone() {
    let app = spawn_app().await;
    app.create_org("acme");
    app.create_user("editor@example.org", "acme", Role::Editor);
    let b = Browser::start().await;
    b.log_in(&app, "editor@example.org").await;
    let c = &b.client;
    c.set_window_size(390, 844).await.expect("phone size");
    c.goto(&app.url("/dashboard/acme/articles/new"))
        .await
        .expect("goto");
    // At this width the preview is below the text, out of sight.
    b.wait_until(
        "the preview out of view",
        "document.getElementById('preview').getBoundingClientRect().top > window.innerHeight",
    )
    .await;
    let body = c.find(Locator::Id("body")).await.expect("textarea");
    body.send_keys("Preview **me** now").await.expect("type");
    c.execute(
        "window.scrollTo(0, 0); document.getElementById('preview-button').click();",
        vec![],
    )
    .await
    .expect("click");
    b.wait_until(
        "the preview brought into view and announced",
        "(function () { var r = document.getElementById('preview').getBoundingClientRect(); \
         return r.top >= 0 && r.top < window.innerHeight \
           && document.querySelector('#preview strong') \
           && document.getElementById('save-state').textContent === 'Preview updated.'; })()",
    )
    .await;
}

#[tokio::test]
#[ignore = "needs chromium and chromedriver"]
async fn browser_the_dashboard_in_traditional_chinese_at_desktop_width() {
    use qiao::domain::Locale;
    use qiao::i18n::Tr;
    let app = spawn_app().with_member(Role::Editor).await;
    let b = Browser::start().await;
    let c = &b.client;
    c.set_window_size(1366, 900).await.expect("desktop size");
    b.log_in(&app, &crate::helpers::member_email(Role::Editor))
        .await;
    c.goto(&app.url("/dashboard/acme/articles"))
        .await
        .expect("goto");
    // The header's switch: 繁體中文, saved on the account.
    c.find(Locator::Css(r#".lang-switch button[value="zh-Hant"]"#))
        .await
        .expect("the switch")
        .click()
        .await
        .expect("click");
    b.wait_until(
        "Traditional Chinese",
        "document.documentElement.lang === 'zh-Hant'",
    )
    .await;
    let nav = b
        .wait_until(
            "the navigation",
            "Array.from(document.querySelectorAll('.sidenav a')).map(a => a.textContent.trim())",
        )
        .await;
    let tr = Tr::new(Locale::ZhHant);
    assert_eq!(nav[1], tr.t("dash-nav-articles"), "{nav}");
    let layout = c
        .execute(
            "return { overflow: document.documentElement.scrollWidth - window.innerWidth, \
             width: window.innerWidth };",
            vec![],
        )
        .await
        .expect("layout");
    assert!(
        layout["overflow"].as_f64().unwrap_or(1.0) <= 0.0,
        "{layout}"
    );
    let shot = c.screenshot().await.expect("screenshot");
    let path = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("dashboard-zh-Hant.png");
    std::fs::write(&path, &shot).expect("write screenshot");
    println!("screenshot: {}", path.display());
    eprintln!("screenshot: {}", path.display());
}

#[tokio::test]
#[ignore = "needs chromium and chromedriver"]
async fn browser_a_traditional_article_reads_well_at_phone_width() {
    let app = spawn_app().with_member(Role::Editor).await;
    let editor = app.member(Role::Editor);
    let body = "社区中心的**元宵节灯会（2月12日）**欢迎全家参加，报名请用 qiao 网站上的表格。\
        活动包括舞龙舞狮表演、书法体验和手工灯笼制作，适合所有年龄的朋友，Markdown 和 \
        JavaScript 爱好者也欢迎来帮忙布置会场。\n\n\
        | 时间 | 活动 | 地点 | 负责人 | 人数 | 备注 |\n|---|---|---|---|---|---|\n\
        | 下午两点 | 舞龙舞狮表演 | 中心广场 | 王老师 | 二十人 | 雨天改在礼堂 |\n\
        | 下午四点 | 手工灯笼制作 | 二楼活动室 | 李阿姨 | 三十人 | 材料免费提供 |\n";
    let id = crate::helpers::new_article(
        &app,
        &editor,
        "acme",
        &[
            ("title", "元宵节灯会：欢迎全家一起来"),
            ("body_markdown", body),
            ("category", "culture"),
            ("language", "zh-Hans"),
        ],
    )
    .await;
    crate::helpers::publish(&app, &editor, "acme", id).await;
    let slug = crate::helpers::slug(&app, id);
    let b = Browser::start().await;
    let c = &b.client;
    c.set_window_size(320, 700).await.expect("phone size");
    c.goto(&app.url(&format!("/@acme/{slug}?script=hant")))
        .await
        .expect("goto");
    let title = b
        .wait_until("the title", "document.querySelector('article h1') && document.querySelector('article h1').textContent")
        .await;
    assert_eq!(title, "元宵節燈會：歡迎全家一起來");
    let layout = c
        .execute(
            r#"
            const p = document.querySelector('.prose p');
            const strong = p.querySelector('strong');
            // A Latin word in a justified line keeps its letters together: its width there
            // is its width set alone.
            const range = document.createRange();
            const text = Array.from(p.childNodes).find(n => n.nodeType === 3 && n.textContent.includes('JavaScript'));
            const at = text.textContent.indexOf('JavaScript');
            range.setStart(text, at); range.setEnd(text, at + 'JavaScript'.length);
            const inLine = range.getBoundingClientRect().width;
            const alone = document.createElement('span');
            alone.textContent = 'JavaScript';
            alone.style.whiteSpace = 'nowrap';
            p.appendChild(alone);
            const aloneWidth = alone.getBoundingClientRect().width;
            alone.remove();
            const cells = Array.from(document.querySelectorAll('.prose td'));
            const em = parseFloat(getComputedStyle(cells[0]).fontSize);
            return {
              overflow: document.documentElement.scrollWidth - window.innerWidth,
              strong: strong ? strong.textContent : null,
              asterisks: p.textContent.includes('**'),
              word_in_line: inLine, word_alone: aloneWidth,
              narrowest_cell_em: Math.min(...cells.map(c => c.getBoundingClientRect().width)) / em,
              lang: document.documentElement.lang,
            };
            "#,
            vec![],
        )
        .await
        .expect("layout");
    let num = |k: &str| layout[k].as_f64().unwrap_or(-1.0);
    assert!(
        num("overflow") <= 0.0,
        "no sideways scrolling of the page: {layout}"
    );
    assert_eq!(
        layout["strong"], "元宵節燈會（2月12日）",
        "CJK-friendly emphasis: {layout}"
    );
    assert_eq!(layout["asterisks"], false, "{layout}");
    assert!(
        (num("word_in_line") - num("word_alone")).abs() < 2.0,
        "a Latin word is not spread into letters: {layout}"
    );
    assert!(
        num("narrowest_cell_em") >= 4.0,
        "table cells are not crushed: {layout}"
    );
    assert_eq!(layout["lang"], "zh-Hant");
    let shot = c.screenshot().await.expect("screenshot");
    let path = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("article-zh-Hant-phone.png");
    std::fs::write(&path, &shot).expect("write screenshot");
    println!("screenshot: {}", path.display());
    eprintln!("screenshot: {}", path.display());
}

#[tokio::test]
#[ignore = "needs chromium and chromedriver"]
async fn browser_the_push_button_registers_the_service_worker_and_explains_a_refusal() {
    let app = spawn_app().with_org("acme").await;
    let b = Browser::start().await;
    let c = &b.client;
    c.goto(&app.url("/@acme")).await.expect("goto");
    b.wait_until(
        "the push button shown where the browser can push",
        "!document.querySelector('.push-follow').hidden",
    )
    .await;
    let scope = b
        .wait_until(
            "the service worker active for the whole site",
            "navigator.serviceWorker.getRegistration('/').then(function (r) { \
               return r && r.active ? r.scope : null; })",
        )
        .await;
    assert_eq!(scope, serde_json::json!(app.url("/")));
    let label = c
        .execute(
            "return document.querySelector('.push-toggle').textContent;",
            vec![],
        )
        .await
        .expect("label");
    assert_eq!(label, "接收通知", "in the organization's language");
    c.execute("document.querySelector('.push-toggle').click();", vec![])
        .await
        .expect("click");
    let said = b
        .wait_until(
            "the refusal explained",
            "document.querySelector('.push-status').textContent",
        )
        .await;
    assert_eq!(
        said,
        "此浏览器拦截了本站的通知。请在浏览器的网站设置中允许后再试。"
    );
    let state = c
        .execute(
            "return [document.querySelector('.push-toggle').getAttribute('aria-pressed'), \
               document.querySelector('.push-test').hidden, \
               document.querySelector('.push-toggle').disabled];",
            vec![],
        )
        .await
        .expect("state");
    assert_eq!(state, serde_json::json!(["false", true, false]));
    let mut conn = app.db.get().expect("connection");
    let org = app.org("acme");
    assert!(
        qiao::db::push::of_org(&mut conn, org.id)
            .expect("rows")
            .is_empty()
    );
}

#[tokio::test]
#[ignore = "needs chromium and chromedriver"]
async fn browser_a_broadcasts_progress_updates_in_place_while_it_is_sent() {
    use crate::helpers::broadcast::{Like, active, published, send_now, token};
    let app = spawn_app()
        .with_member(Role::Editor)
        .configure(|s| s.run_workers = false)
        .await;
    let t = token(&app, "acme");
    let (a, _) = published(&app, &t, "Progress", "watch it go", "en", "news").await;
    for i in 0..5 {
        active(&app, "acme", &format!("r{i}@example.org"), &Like::default());
    }
    let id = send_now(
        &app,
        &t,
        &serde_json::json!({"title": "Live", "article_ids": [a], "channels": ["email"]}),
    )
    .await;
    let now = qiao::db::now();
    app.db
        .run(move |c| qiao::db::deliveries::start_due(c, now))
        .await
        .expect("started");
    let b = Browser::start().await;
    b.log_in(&app, &crate::helpers::member_email(Role::Editor))
        .await;
    b.client
        .goto(&app.url(&format!("/dashboard/acme/broadcasts/{id}")))
        .await
        .expect("goto");
    let cell = "document.querySelector('[data-row=total] [data-count=pending]').textContent";
    assert_eq!(
        b.wait_until("five waiting", &format!("{cell} === '5'"))
            .await,
        true
    );
    // The worker sends them; the page shows it without being reloaded.
    b.client
        .execute("window.notReloaded = true;", vec![])
        .await
        .expect("mark");
    app.broadcaster
        .run_once(&app.db, qiao::db::now())
        .await
        .expect("pass");
    let sent = "document.querySelector('[data-row=total] [data-count=sent]').textContent";
    b.wait_until("five sent, in place", &format!("{sent} === '5'"))
        .await;
    b.wait_until(
        "the status badge says sent",
        "document.getElementById('broadcast-status').className.indexOf('status-sent') >= 0",
    )
    .await;
    let same_page = b
        .client
        .execute("return window.notReloaded === true;", vec![])
        .await
        .expect("flag");
    assert_eq!(same_page, serde_json::json!(true), "not reloaded");
    let left = b
        .client
        .execute(
            "return document.getElementById('broadcast-left').textContent;",
            vec![],
        )
        .await
        .expect("left");
    assert_eq!(left, serde_json::json!("0:00"));
}

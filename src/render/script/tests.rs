use super::*;

/// (Simplified, Traditional): words whose conversion needs the word, not the character
/// (头发 vs 发展, 干净 vs 干部, 一只 vs 只有), checked both ways.
const PHRASES: &[(&str, &str)] = &[
    ("发展", "發展"),
    ("头发", "頭髮"),
    ("理发", "理髮"),
    ("出发", "出發"),
    ("干净", "乾淨"),
    ("干部", "幹部"),
    ("面条", "麵條"),
    ("见面", "見面"),
    ("吃面", "吃麵"),
    ("后来", "後來"),
    ("皇后", "皇后"),
    ("丰富", "豐富"),
    ("复杂", "複雜"),
    ("复习", "複習"),
    ("答复", "答覆"),
    ("历史", "歷史"),
    ("日历", "日曆"),
    ("钟表", "鐘錶"),
    ("时钟", "時鐘"),
    ("一只", "一隻"),
    ("只有", "只有"),
    ("系统", "系統"),
    ("关系", "關係"),
    ("联系", "聯繫"),
    ("准备", "準備"),
    ("标准", "標準"),
    ("周末", "周末"),
    ("制造", "製造"),
    ("制度", "制度"),
    ("松树", "松樹"),
    ("轻松", "輕鬆"),
    ("冲突", "衝突"),
    ("冲洗", "沖洗"),
    ("范围", "範圍"),
    ("模范", "模範"),
    ("游泳", "游泳"),
    ("旅游", "旅遊"),
    ("征求", "徵求"),
    ("特征", "特徵"),
    ("汇报", "匯報"),
    ("词汇", "詞彙"),
    ("团结", "團結"),
    ("卷起", "捲起"),
    ("试卷", "試卷"),
    ("几乎", "幾乎"),
    ("茶几", "茶几"),
    ("了解", "了解"),
    ("斗争", "鬥爭"),
    ("北斗", "北斗"),
    ("志愿", "志願"),
    ("杂志", "雜誌"),
    ("人才", "人才"),
    ("借口", "藉口"),
    ("山谷", "山谷"),
    ("中秋节快乐", "中秋節快樂"),
    ("华人协会", "華人協會"),
];

#[test]
fn words_convert_both_ways() {
    assert!(PHRASES.len() >= 50);
    for (hans, hant) in PHRASES {
        assert_eq!(text(hans, Script::Hant), *hant, "{hans} → Traditional");
        assert_eq!(text(hant, Script::Hans), *hans, "{hant} → Simplified");
        // Already in the target script: unchanged.
        assert_eq!(text(hant, Script::Hant), *hant, "{hant} stays");
        assert_eq!(text(hans, Script::Hans), *hans, "{hans} stays");
    }
}

#[test]
fn a_regional_variant_uses_its_own_words() {
    assert_eq!(text("软件", Script::Hant), "軟件");
    assert_eq!(text("软件", Script::HantTw), "軟體");
    assert_eq!(text("出租车", Script::HantTw), "計程車");
    assert_eq!(text("鼠标", Script::HantTw), "滑鼠");
    assert_eq!(text("打印机", Script::HantTw), "印表機");
    assert_eq!(text("头发", Script::HantHk), "頭髮");
}

#[test]
fn markup_code_and_addresses_are_never_converted() {
    let page = "<h2 id=\"发展\">发展历史</h2>\n<p>请看 <a href=\"https://example.org/发展\">发展</a>：\
                https://zh.wikipedia.org/wiki/头发 或 www.example.org/后来。</p>\n\
                <pre><code class=\"language-python\">print(\"头发\")\n</code></pre>\n\
                <p>行内 <code>干部 = 1</code> 后面</p>";
    let out = html(page, Script::Hant);
    assert_eq!(
        out,
        "<h2 id=\"发展\">發展歷史</h2>\n<p>請看 <a href=\"https://example.org/发展\">發展</a>：\
         https://zh.wikipedia.org/wiki/头发 或 www.example.org/后来。</p>\n\
         <pre><code class=\"language-python\">print(\"头发\")\n</code></pre>\n\
         <p>行內 <code>干部 = 1</code> 後面</p>"
    );
}

#[test]
fn the_traditional_page_differs_only_where_it_should() {
    // English, numbers and punctuation pass through untouched, character for character.
    let mixed = "<p>Mid-Autumn 2026 · 中秋节 on 10/6, “月饼” & tea.</p>";
    let out = html(mixed, Script::Hant);
    assert_eq!(
        out,
        "<p>Mid-Autumn 2026 · 中秋節 on 10/6, “月餅” & tea.</p>"
    );
    let english = "<p>Nothing Chinese here: <a href=\"/x\">a link</a>.</p>";
    assert_eq!(html(english, Script::Hant), english);
    // Round trip on the corpus-like text returns the original words.
    let article = "<p>今年我们在社区中心举办灯会，欢迎大家携家人朋友一起参加。</p>";
    let there = html(article, Script::Hant);
    assert_eq!(
        there,
        "<p>今年我們在社區中心舉辦燈會，歡迎大家攜家人朋友一起參加。</p>"
    );
    assert_eq!(html(&there, Script::Hans), article);
}

#[test]
fn unbalanced_or_odd_markup_does_not_stop_the_conversion() {
    assert_eq!(html("发展 < 头发", Script::Hant), "發展 < 頭髮");
    assert_eq!(html("</code>头发<code>", Script::Hant), "</code>頭髮<code>");
    assert_eq!(html("<br/>头发", Script::Hant), "<br/>頭髮");
    assert_eq!(html("", Script::Hant), "");
    // `>` and `<code>` inside an attribute value are part of the tag, not text or markup.
    assert_eq!(
        html(
            "<a href=\"/x\" title=\"a > <code>头发\">头发</a> 发展",
            Script::Hant
        ),
        "<a href=\"/x\" title=\"a > <code>头发\">頭髮</a> 發展"
    );
}

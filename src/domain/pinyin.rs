//! Chinese titles as pinyin, for readable slugs: 中秋节的几种过法 → `zhong qiu jie de ji zhong
//! guo fa`. Each character gets its most common reading (the `pinyin` crate's data, from
//! Unihan and frequency), except inside the words below, whose characters read differently
//! there (银行 is *yin hang*, not *yin xing*). Tones are dropped: a slug is plain ASCII.

use pinyin::ToPinyin as _;

/// Words whose characters read otherwise than alone, as they occur in community news and
/// notices: (word, its syllables). The longest word that matches wins.
const WORDS: &[(&str, &str)] = &[
    ("董事长", "dong shi zhang"),
    ("理事长", "li shi zhang"),
    ("秘书长", "mi shu zhang"),
    ("音乐会", "yin yue hui"),
    ("差不多", "cha bu duo"),
    ("银行", "yin hang"),
    ("行长", "hang zhang"),
    ("行业", "hang ye"),
    ("同行", "tong hang"),
    ("重庆", "chong qing"),
    ("重新", "chong xin"),
    ("重复", "chong fu"),
    ("重阳", "chong yang"),
    ("长大", "zhang da"),
    ("成长", "cheng zhang"),
    ("生长", "sheng zhang"),
    ("校长", "xiao zhang"),
    ("会长", "hui zhang"),
    ("家长", "jia zhang"),
    ("市长", "shi zhang"),
    ("省长", "sheng zhang"),
    ("部长", "bu zhang"),
    ("社长", "she zhang"),
    ("队长", "dui zhang"),
    ("班长", "ban zhang"),
    ("组长", "zu zhang"),
    ("院长", "yuan zhang"),
    ("馆长", "guan zhang"),
    ("团长", "tuan zhang"),
    ("兄长", "xiong zhang"),
    ("音乐", "yin yue"),
    ("乐队", "yue dui"),
    ("乐团", "yue tuan"),
    ("乐器", "yue qi"),
    ("民乐", "min yue"),
    ("还款", "huan kuan"),
    ("归还", "gui huan"),
    ("首都", "shou du"),
    ("都市", "du shi"),
    ("成都", "cheng du"),
    ("调整", "tiao zheng"),
    ("空调", "kong tiao"),
    ("协调", "xie tiao"),
    ("睡觉", "shui jiao"),
    ("午觉", "wu jiao"),
    ("传记", "zhuan ji"),
    ("自传", "zi zhuan"),
    ("便宜", "pian yi"),
    ("出差", "chu chai"),
    ("朝鲜", "chao xian"),
    ("朝代", "chao dai"),
    ("曾国藩", "zeng guo fan"),
    ("西藏", "xi zang"),
    ("宝藏", "bao zang"),
    ("人参", "ren shen"),
    ("会计", "kuai ji"),
    ("给予", "ji yu"),
    ("投降", "tou xiang"),
    ("勉强", "mian qiang"),
    ("反省", "fan xing"),
    ("似的", "shi de"),
    ("校对", "jiao dui"),
    ("星期", "xing qi"),
    ("效率", "xiao lv"),
    ("单于", "chan yu"),
    // 长 alone reads zhang in the data; as "long" it is chang.
    ("长城", "chang cheng"),
    ("长江", "chang jiang"),
    ("长期", "chang qi"),
    ("长度", "chang du"),
    ("长途", "chang tu"),
    ("长久", "chang jiu"),
    ("长寿", "chang shou"),
    ("长沙", "chang sha"),
    ("长春", "chang chun"),
    ("长安", "chang an"),
    ("长远", "chang yuan"),
    ("长篇", "chang pian"),
    ("长假", "chang jia"),
    ("长发", "chang fa"),
    ("长跑", "chang pao"),
    ("很长", "hen chang"),
    ("延长", "yan chang"),
    ("擅长", "shan chang"),
    ("特长", "te chang"),
    ("漫长", "man chang"),
    ("专长", "zhuan chang"),
    // 似 alone reads shi in the data (as in 似的); elsewhere it is si.
    ("似乎", "si hu"),
    ("相似", "xiang si"),
    ("类似", "lei si"),
    ("近似", "jin si"),
    // The same words in Traditional characters, where they differ.
    ("銀行", "yin hang"),
    ("行長", "hang zhang"),
    ("重慶", "chong qing"),
    ("音樂會", "yin yue hui"),
    ("音樂", "yin yue"),
    ("長城", "chang cheng"),
    ("長髮", "chang fa"),
    ("會長", "hui zhang"),
    ("校長", "xiao zhang"),
    ("家長", "jia zhang"),
];

/// The syllables of `text`: pinyin for each Chinese character (dictionary words first), other
/// characters kept as they are (a space between syllables and around other text).
pub fn syllables(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len() * 2);
    let mut i = 0;
    while i < chars.len() {
        // The longest dictionary word starting here.
        let word = WORDS
            .iter()
            .filter(|(w, _)| {
                let n = w.chars().count();
                i + n <= chars.len() && chars[i..i + n].iter().copied().eq(w.chars())
            })
            .max_by_key(|(w, _)| w.chars().count());
        if let Some((word, reading)) = word {
            out.push(' ');
            out.push_str(reading);
            out.push(' ');
            i += word.chars().count();
            continue;
        }
        let c = chars[i];
        match c.to_pinyin() {
            Some(p) => {
                out.push(' ');
                out.push_str(p.plain());
                out.push(' ');
            }
            None => out.push(c),
        }
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slug_words(s: &str) -> String {
        syllables(s)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn characters_read_as_they_do_in_their_words() {
        for (text, want) in [
            ("中秋节的几种过法", "zhong qiu jie de ji zhong guo fa"),
            ("重庆银行行长", "chong qing yin hang hang zhang"),
            ("重要的银行", "zhong yao de yin hang"),
            ("新年音乐会", "xin nian yin yue hui"),
            ("快乐成长", "kuai le cheng zhang"),
            ("校长致家长的信", "xiao zhang zhi jia zhang de xin"),
            ("长城很长", "chang cheng hen chang"),
            ("还书还是还款", "hai shu hai shi huan kuan"),
            ("成都都市报", "cheng du du shi bao"),
            (
                "元宵节灯会：欢迎全家一起来",
                "yuan xiao jie deng hui ： huan ying quan jia yi qi lai",
            ),
            ("長髮與頭髮", "chang fa yu tou fa"),
            ("相似的似乎", "xiang si de si hu"),
        ] {
            assert_eq!(slug_words(text), want, "{text}");
        }
    }

    #[test]
    fn other_text_is_kept() {
        assert_eq!(slug_words("Rust 2024 新特性"), "Rust 2024 xin te xing");
        assert_eq!(slug_words("第 100 期"), "di 100 qi");
    }
}

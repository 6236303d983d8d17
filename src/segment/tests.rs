//! Table-driven segmentation cases: each row is a paragraph and the sentences
//! it must split into (joined by " | ").

use super::*;

fn check(lang: &str, cases: &[(&str, &str)]) {
    let segmenter = Segmenter::new(&Lang::parse(lang).unwrap());
    let mut failures = Vec::new();
    for (text, want) in cases {
        let got = segmenter.split(text).join(" | ");
        if got != *want {
            failures.push(format!("  input: {text}\n   want: {want}\n    got: {got}"));
        }
    }
    assert!(failures.is_empty(), "{lang}:\n{}", failures.join("\n"));
}

#[test]
fn german() {
    check(
        "de",
        &[
            (
                "Das gilt z. B. für Berlin. Und sonst?",
                "Das gilt z. B. für Berlin. | Und sonst?",
            ),
            ("Das gilt z.B. für Berlin.", "Das gilt z.B. für Berlin."),
            (
                "Es kamen Politiker u. a. Vertreter der Regierung.",
                "Es kamen Politiker u. a. Vertreter der Regierung.",
            ),
            ("Er ging, d. h. Er floh.", "Er ging, d. h. Er floh."),
            (
                "Sie kommt morgen bzw. Übermorgen.",
                "Sie kommt morgen bzw. Übermorgen.",
            ),
            (
                "Es waren ca. 500 Menschen. Sie sangen.",
                "Es waren ca. 500 Menschen. | Sie sangen.",
            ),
            (
                "Es gab Äpfel, Birnen usw. Die Kinder aßen alles.",
                "Es gab Äpfel, Birnen usw. | Die Kinder aßen alles.",
            ),
            (
                "Siehe vgl. Abschnitt 3. Danach folgt mehr.",
                "Siehe vgl. Abschnitt 3. | Danach folgt mehr.",
            ),
            (
                "Dr. Müller kam. Prof. Dr. med. Hans Meier auch.",
                "Dr. Müller kam. | Prof. Dr. med. Hans Meier auch.",
            ),
            (
                "Er wohnt in Haus Nr. 5 in der Stadt.",
                "Er wohnt in Haus Nr. 5 in der Stadt.",
            ),
            (
                "Siehe S. 12 und Abs. 2 sowie Art. 5 GG. Das ist klar.",
                "Siehe S. 12 und Abs. 2 sowie Art. 5 GG. | Das ist klar.",
            ),
            (
                "Er lebt in St. Gallen. Sie nicht.",
                "Er lebt in St. Gallen. | Sie nicht.",
            ),
            (
                "Wir treffen uns am 3. Oktober in Bonn.",
                "Wir treffen uns am 3. Oktober in Bonn.",
            ),
            (
                "Das war im 20. Jahrhundert. Heute nicht.",
                "Das war im 20. Jahrhundert. | Heute nicht.",
            ),
            (
                "Friedrich II. wurde König. Er regierte lange.",
                "Friedrich II. wurde König. | Er regierte lange.",
            ),
            (
                "Der 1. FC Köln gewann. Die Fans jubelten.",
                "Der 1. FC Köln gewann. | Die Fans jubelten.",
            ),
            (
                "Sie wurde 2022. Die Zeit verging.",
                "Sie wurde 2022. | Die Zeit verging.",
            ),
            (
                "Sie belegte Platz 3. Die Siegerin kam aus Rom.",
                "Sie belegte Platz 3. | Die Siegerin kam aus Rom.",
            ),
            (
                "Es kostet 1.000.000 Euro. Das sind 3,5 Prozent.",
                "Es kostet 1.000.000 Euro. | Das sind 3,5 Prozent.",
            ),
            (
                "Am 20.08.2025 kam er. Dann ging er.",
                "Am 20.08.2025 kam er. | Dann ging er.",
            ),
            (
                "Dürften sie sich selbst verteidigen? – Oder wären sie Beobachter?",
                "Dürften sie sich selbst verteidigen? | – Oder wären sie Beobachter?",
            ),
            (
                "Er sprach von seinem „besten Treffen“. Starmer lobte die Gespräche.",
                "Er sprach von seinem „besten Treffen“. | Starmer lobte die Gespräche.",
            ),
            (
                "Er sagte: „Wir gehen.“ Dann ging er.",
                "Er sagte: „Wir gehen.“ | Dann ging er.",
            ),
            (
                "„Wer kommt?“, fragte sie. Niemand.",
                "„Wer kommt?“, fragte sie. | Niemand.",
            ),
            ("»Wer kommt?« Sie schwieg.", "»Wer kommt?« | Sie schwieg."),
            (
                "Er rief: ‚Halt!‘ Alle blieben stehen.",
                "Er rief: ‚Halt!‘ | Alle blieben stehen.",
            ),
            ("Und dann … Nichts mehr.", "Und dann … | Nichts mehr."),
            ("Und dann... Nichts mehr.", "Und dann... | Nichts mehr."),
            ("Und dann … war es still.", "Und dann … war es still."),
            (
                "Die Lage – so der Minister – sei ernst. Das stimmt.",
                "Die Lage – so der Minister – sei ernst. | Das stimmt.",
            ),
            (
                "Mehr unter https://www.example.org/a.html. Oder per Mail.",
                "Mehr unter https://www.example.org/a.html. | Oder per Mail.",
            ),
            (
                "Schreiben Sie an info@example.de. Wir antworten.",
                "Schreiben Sie an info@example.de. | Wir antworten.",
            ),
            (
                "Der Roman von J. R. R. Tolkien ist lang.",
                "Der Roman von J. R. R. Tolkien ist lang.",
            ),
            (
                "Er spielt eine Prise Mr. Bean. Gut.",
                "Er spielt eine Prise Mr. Bean. | Gut.",
            ),
            (
                "Kanzler Friedrich Merz sprach. Die Lage ist ernst!",
                "Kanzler Friedrich Merz sprach. | Die Lage ist ernst!",
            ),
        ],
    );
}

#[test]
fn english() {
    check(
        "en",
        &[
            (
                "Mr. Smith and Mrs. Jones met Dr. Brown.",
                "Mr. Smith and Mrs. Jones met Dr. Brown.",
            ),
            (
                "He lives on St. Mark's Place. It is nice.",
                "He lives on St. Mark's Place. | It is nice.",
            ),
            (
                "The U.S. President spoke. The U.K. agreed.",
                "The U.S. President spoke. | The U.K. agreed.",
            ),
            (
                "She moved to the U.S. The move was hard.",
                "She moved to the U.S. | The move was hard.",
            ),
            (
                "Fruit, e.g. Apples, is healthy.",
                "Fruit, e.g. Apples, is healthy.",
            ),
            ("Some, i.e. Most, agreed.", "Some, i.e. Most, agreed."),
            (
                "We bought pens, paper, etc. The shop was busy.",
                "We bought pens, paper, etc. | The shop was busy.",
            ),
            (
                "It happened on Sept. 5 in Boston.",
                "It happened on Sept. 5 in Boston.",
            ),
            (
                "He lives at No. 10 Downing Street.",
                "He lives at No. 10 Downing Street.",
            ),
            (
                "It opened in Jan. 2019 to crowds.",
                "It opened in Jan. 2019 to crowds.",
            ),
            (
                "I read J. R. R. Tolkien. It was long.",
                "I read J. R. R. Tolkien. | It was long.",
            ),
            (
                "It grew 3.5 percent. Profits hit $1.5bn. Shares rose.",
                "It grew 3.5 percent. | Profits hit $1.5bn. | Shares rose.",
            ),
            (
                "“Will you come?” she asked. “No.”",
                "“Will you come?” she asked. | “No.”",
            ),
            (
                "“Will you come?” Nobody answered.",
                "“Will you come?” | Nobody answered.",
            ),
            (
                "He said 'Go home.' Then he left.",
                "He said 'Go home.' | Then he left.",
            ),
            (
                "Apple Inc. Chief Tim Cook spoke. The Inc. It was.",
                "Apple Inc. Chief Tim Cook spoke. | The Inc. | It was.",
            ),
            (
                "It ended at 5 p.m. Eastern time. The crowd left.",
                "It ended at 5 p.m. Eastern time. | The crowd left.",
            ),
            ("What? No! Really?! Yes.", "What? | No! | Really?! | Yes."),
            (
                "Sales fell. iPhone demand was weak.",
                "Sales fell. | iPhone demand was weak.",
            ),
            ("World War II. The end.", "World War II. | The end."),
            (
                "“Are you ready?” CNN reported. It was late.",
                "“Are you ready?” CNN reported. | It was late.",
            ),
            (
                "“There's a shark!” Hammel added.",
                "“There's a shark!” Hammel added.",
            ),
            (
                "“Stop!” The police said nothing.",
                "“Stop!” | The police said nothing.",
            ),
            (
                "“We won.” Flake said that it was over.",
                "“We won.” | Flake said that it was over.",
            ),
            (
                "“We won.” Mr Farage told the rally.",
                "“We won.” | Mr Farage told the rally.",
            ),
            (
                "He was born in 1990. Then he grew up.",
                "He was born in 1990. | Then he grew up.",
            ),
        ],
    );
}

#[test]
fn french() {
    check(
        "fr",
        &[
            (
                "M. Dupont est venu. Il est reparti.",
                "M. Dupont est venu. | Il est reparti.",
            ),
            (
                "Il a dit : « C'est fini. » Puis il est parti.",
                "Il a dit : « C'est fini. » | Puis il est parti.",
            ),
            ("Quoi ? Rien du tout !", "Quoi ? | Rien du tout !"),
            (
                "Voir p. 12 et Mme Martin. Fin.",
                "Voir p. 12 et Mme Martin. | Fin.",
            ),
        ],
    );
}

#[test]
fn chinese_needs_no_spaces() {
    check(
        "zh",
        &[("他来了。她走了！为什么？", "他来了。 | 她走了！ | 为什么？")],
    );
}

#[test]
fn arabic_asks_with_its_own_question_mark() {
    check(
        "ar",
        &[
            (
                "هل ذهبت إلى السوق؟ نعم، ذهبت في الصباح. ثم عدت إلى البيت.",
                "هل ذهبت إلى السوق؟ | نعم، ذهبت في الصباح. | ثم عدت إلى البيت.",
            ),
            ("قال د. محمد إن الوضع جيد.", "قال د. محمد إن الوضع جيد."),
            // No capitals: a function word opens the sentence after م. (AD).
            (
                "بني المسجد عام 700 م. وفي القرن التالي توسعت المدينة.",
                "بني المسجد عام 700 م. | وفي القرن التالي توسعت المدينة.",
            ),
            ("وصل الضيوف۔ بدأ الحفل۔", "وصل الضيوف۔ | بدأ الحفل۔"),
        ],
    );
}

#[test]
fn greek_asks_with_a_semicolon() {
    check(
        "el",
        &[
            (
                "Πού είναι ο σταθμός; Είναι κοντά. Ευχαριστώ!",
                "Πού είναι ο σταθμός; | Είναι κοντά. | Ευχαριστώ!",
            ),
            (
                "Τι ώρα είναι\u{37e} Είναι τρεις.",
                "Τι ώρα είναι\u{37e} | Είναι τρεις.",
            ),
            (
                "Αγόρασε ψωμί, γάλα κ.λπ. Η μητέρα του χάρηκε.",
                "Αγόρασε ψωμί, γάλα κ.λπ. | Η μητέρα του χάρηκε.",
            ),
            ("Ο κ. Παπαδόπουλος ήρθε.", "Ο κ. Παπαδόπουλος ήρθε."),
        ],
    );
}

#[test]
fn icelandic_abbreviations() {
    check(
        "is",
        &[
            ("Hr. Jón kom í gær.", "Hr. Jón kom í gær."),
            (
                "Fundurinn hefst kl. 14 í dag.",
                "Fundurinn hefst kl. 14 í dag.",
            ),
            (
                "Þeir keyptu mjólk, brauð o.s.frv. Þá fóru þeir heim.",
                "Þeir keyptu mjólk, brauð o.s.frv. | Þá fóru þeir heim.",
            ),
            ("Hann kom 17. Júní.", "Hann kom 17. Júní."),
        ],
    );
}

#[test]
fn korean_hebrew_and_japanese_sentences() {
    check(
        "ko",
        &[(
            "대통령은 회담이 좋았다고 말했다. 그리고 그는 떠났다. 정말인가요? 네!",
            "대통령은 회담이 좋았다고 말했다. | 그리고 그는 떠났다. | 정말인가요? | 네!",
        )],
    );
    check(
        "he",
        &[(
            "הוא הגיע הביתה. האם היא באה? כן!",
            "הוא הגיע הביתה. | האם היא באה? | כן!",
        )],
    );
    check(
        "ja",
        &[(
            "今日は晴れです。明日は雨ですか？はい！",
            "今日は晴れです。 | 明日は雨ですか？ | はい！",
        )],
    );
}

#[test]
fn unknown_languages_still_split_on_punctuation() {
    check(
        "sv",
        &[("Han kom. Hon gick? Ja!", "Han kom. | Hon gick? | Ja!")],
    );
}

#[test]
fn paragraph_end_ends_sentences_and_modes_differ() {
    let doc = Document::from_text(
        std::path::Path::new("de.txt"),
        "Eine Überschrift\n\nErster Satz. Zweiter\nSatz.\n\nDritter Satz.",
    )
    .unwrap();
    let segmenter = Segmenter::new(&Lang::parse("de").unwrap());
    let split = segmenter.segment(&doc, &Mode::Split);
    let texts: Vec<(usize, usize, &str)> = split
        .iter()
        .map(|s| (s.id, s.paragraph, s.text.as_str()))
        .collect();
    assert_eq!(
        texts,
        [
            (0, 0, "Eine Überschrift"),
            (1, 1, "Erster Satz."),
            (2, 1, "Zweiter Satz."),
            (3, 2, "Dritter Satz.")
        ]
    );
    let pre = segmenter.segment(&doc, &Mode::Presegmented);
    let lines: Vec<&str> = pre.iter().map(|s| s.text.as_str()).collect();
    assert_eq!(
        lines,
        [
            "Eine Überschrift",
            "Erster Satz. Zweiter",
            "Satz.",
            "Dritter Satz."
        ]
    );
}

#[test]
fn long_text_without_line_breaks_is_linear() {
    // 2 MB in one paragraph: a quadratic splitter would take minutes.
    let text = "Das ist ein Satz mit z. B. einer Abkürzung. ".repeat(50_000);
    let segmenter = Segmenter::new(&Lang::parse("de").unwrap());
    assert_eq!(segmenter.split(&text).len(), 50_000);
    let no_spaces = "a.".repeat(1_000_000);
    assert_eq!(segmenter.split(&no_spaces).len(), 1);
}

#[test]
fn units_and_titles_end_no_sentence() {
    check(
        "en",
        &[
            (
                "Prep time: 1 hr. Cook time: 20 min. Serves 4.",
                "Prep time: 1 hr. Cook time: 20 min. Serves 4.",
            ),
            (
                "The drive took 2 hrs. The rest of the day was free.",
                "The drive took 2 hrs. | The rest of the day was free.",
            ),
            (
                "It lasted 1 hr. 20 min. in all.",
                "It lasted 1 hr. 20 min. in all.",
            ),
            (
                "Sen. Warren and Gov. Newsom met Rep. Jordan and Gen. Milley.",
                "Sen. Warren and Gov. Newsom met Rep. Jordan and Gen. Milley.",
            ),
            (
                "The town had ca. 5000 people. Most left.",
                "The town had ca. 5000 people. | Most left.",
            ),
            (
                "It weighs approx. 3 kg. Ms. Lee carried it.",
                "It weighs approx. 3 kg. | Ms. Lee carried it.",
            ),
        ],
    );
    check(
        "de",
        &[
            (
                "Die Fahrt dauert 2 Std. Danach gibt es Essen.",
                "Die Fahrt dauert 2 Std. | Danach gibt es Essen.",
            ),
            (
                "Sie dauert 1 Std. 20 Min. mit dem Zug.",
                "Sie dauert 1 Std. 20 Min. mit dem Zug.",
            ),
            (
                "Das kostet 5 Mio. Euro und 3 Mrd. Dollar.",
                "Das kostet 5 Mio. Euro und 3 Mrd. Dollar.",
            ),
            (
                "Hr. Weber und Fr. Braun kamen mit Dr. Kahn.",
                "Hr. Weber und Fr. Braun kamen mit Dr. Kahn.",
            ),
            ("Er wohnt in Haus Nr. 5.", "Er wohnt in Haus Nr. 5."),
        ],
    );
    check(
        "fr",
        &[
            (
                "Le trajet dure 20 min. Puis on mange.",
                "Le trajet dure 20 min. | Puis on mange.",
            ),
            (
                "Le Prof. Martin et le Gén. Dupont sont venus.",
                "Le Prof. Martin et le Gén. Dupont sont venus.",
            ),
        ],
    );
}

#[test]
fn a_list_item_number_ends_no_sentence() {
    check(
        "en",
        &[
            ("1. A seat costs 39 euros.", "1. A seat costs 39 euros."),
            ("a) The first one. It ends.", "a) The first one. | It ends."),
        ],
    );
    check(
        "de",
        &[("3. Die Preise steigen.", "3. Die Preise steigen.")],
    );
}

#[test]
fn clauses_are_cut_where_translations_join_sentences() {
    let cut = |text: &str| -> Vec<String> {
        super::clauses(text)
            .into_iter()
            .map(|r| text[r].to_string())
            .collect()
    };
    assert_eq!(
        cut("Im Gegenteil: Die Ukraine kann sich nicht behaupten."),
        ["Im Gegenteil:", "Die Ukraine kann sich nicht behaupten."]
    );
    assert_eq!(
        cut("Er lobte „gut und produktiv“, während Merz 1,5 Stunden um 12:30 sprach."),
        [
            "Er lobte „gut und produktiv“,",
            "während Merz 1,5 Stunden um 12:30 sprach."
        ]
    );
    assert_eq!(
        cut("Sichern und – falls nötig – zuschlagen; sonst nichts."),
        [
            "Sichern und",
            "– falls nötig",
            "– zuschlagen;",
            "sonst nichts."
        ]
    );
    assert_eq!(cut("我们来了，他们走了。"), ["我们来了，", "他们走了。"]);
    // A piece of punctuation only stays with the piece before it.
    assert_eq!(cut("Ja, : nein"), ["Ja, :", "nein"]);
    assert_eq!(cut("  one sentence  "), ["one sentence"]);
    assert!(cut("").is_empty());
}

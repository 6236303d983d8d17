use std::path::Path;

use super::*;

fn rules(text: &str) -> Result<SrxRules> {
    SrxRules::parse(Path::new("rules.srx"), text)
}

fn small() -> SrxRules {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/srx/small.srx");
    SrxRules::read(&path).unwrap()
}

fn split(rules: &SrxRules, lang: &str, text: &str) -> Vec<String> {
    let lang = Lang::parse(lang).unwrap();
    rules
        .split(&lang, text)
        .into_iter()
        .map(String::from)
        .collect()
}

/// A file with one language rule of these rules for every language.
fn with_rules(rules: &str) -> String {
    format!(
        r#"<srx version="2.0"><header/><body><languagerules>
        <languagerule languagerulename="All">{rules}</languagerule>
        </languagerules><maprules>
        <languagemap languagepattern=".*" languagerulename="All"/>
        </maprules></body></srx>"#
    )
}

fn problem(result: Result<SrxRules>) -> String {
    match result {
        Err(e @ Error::Srx { .. }) => e.to_string(),
        Err(e) => panic!("not an SRX error: {e}"),
        Ok(_) => panic!("accepted"),
    }
}

#[test]
fn exceptions_come_before_the_break_rule() {
    let rules = small();
    assert_eq!(
        split(
            &rules,
            "en",
            "Dr. Smith met Mr. Jones. They talked, e.g. about trade. Done!"
        ),
        [
            "Dr. Smith met Mr. Jones.",
            "They talked, e.g. about trade.",
            "Done!"
        ]
    );
    // The English exceptions are not German ones; the map cascades to the
    // default break rule for both.
    assert_eq!(
        split(&rules, "de", "Am 3. Oktober kam Dr. Weber. Er blieb."),
        ["Am 3. Oktober kam Dr.", "Weber.", "Er blieb."]
    );
    assert_eq!(
        split(&rules, "en", "It was “good.” Then it ended."),
        ["It was “good.”", "Then it ended."]
    );
}

#[test]
fn the_first_map_alone_applies_without_cascade() {
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/srx/small.srx"),
    )
    .unwrap()
    .replace(r#"cascade="yes""#, r#"cascade="no""#);
    let rules = rules(&text).unwrap();
    // English gets its exceptions only, and no rule that breaks.
    assert_eq!(split(&rules, "en", "One. Two."), ["One. Two."]);
    assert_eq!(split(&rules, "fr", "Un. Deux."), ["Un.", "Deux."]);
}

#[test]
fn an_empty_pattern_matches_everywhere() {
    let rules = rules(&with_rules(
        r#"<rule break="yes"><beforebreak>;</beforebreak></rule>"#,
    ))
    .unwrap();
    assert_eq!(split(&rules, "en", "a; b;c"), ["a;", "b;", "c"]);
}

#[test]
fn java_syntax_is_translated() {
    let ok = |pattern: &str, text: &str| {
        let rule = compile(pattern, false).unwrap_or_else(|e| panic!("{pattern}: {e}"));
        rule.is_match(text)
    };
    assert!(ok(r"\p{IsLatin}\p{javaUpperCase}", "aB"));
    assert!(ok(r"\QU.S.\E", "U.S."));
    assert!(!ok(r"\QU.S.\E", "UxSx"));
    assert!(ok(r"\p{Punct}\h\P{Lu}", "! a"));
    assert!(ok(r"[\p{Alpha}\d]", "7"));
    // Java's (?U) means Unicode classes (always so here), not lazy
    // quantifiers.
    assert_eq!(
        compile(r"(?U)a+", false)
            .unwrap()
            .find("aaa")
            .unwrap()
            .as_str(),
        "aaa"
    );
}

#[test]
fn what_cannot_be_matched_is_refused_with_the_rule_named() {
    for (pattern, expected) in [
        (r"(?<=Dr)\.", "look-behind"),
        (r"\.(?!\d)", "negative look-ahead"),
        (r"(?>ab)", "atomic group"),
        (r"a++", "possessive"),
        (r"(a)\1", "back-reference"),
        (r"\p{InGreek}", "Unicode blocks"),
        (r"[a-", "rules.srx"),
    ] {
        let text = with_rules(&format!(
            r#"<rule break="no"><beforebreak>x</beforebreak></rule>
               <rule><beforebreak>{}</beforebreak><afterbreak>\s</afterbreak></rule>"#,
            pattern.replace('<', "&lt;").replace('>', "&gt;")
        ));
        let message = problem(rules(&text));
        assert!(message.contains(expected), "{pattern}: {message}");
        assert!(
            message.starts_with(
                "rules.srx: segmentation rules: language rule \"All\", rule 2: beforebreak"
            ),
            "{message}"
        );
    }
}

#[test]
fn hostile_files_are_errors_naming_the_file() {
    for (text, expected) in [
        ("<srx><body><languagerules>", "ends inside"),
        ("<srx><header></srx>", "malformed XML"),
        ("<tmx version=\"1.4\"/>", "not SRX"),
        ("", "no XML elements"),
        (
            "<srx><body><languagerules/></body></srx>",
            "no <languagemap>",
        ),
        (
            r#"<srx><body><maprules><languagemap languagepattern=".*" languagerulename="X"/></maprules></body></srx>"#,
            "does not define",
        ),
        (&with_rules(r#"<rule break="maybe"/>"#), "break=\"maybe\""),
        (
            &with_rules(r"<rule><beforebreak>a{1000}{1000}</beforebreak></rule>"),
            "too large",
        ),
    ] {
        let message = problem(rules(text));
        assert!(message.starts_with("rules.srx: "), "{message}");
        assert!(message.contains(expected), "{text:?}: {message}");
    }
}

#[test]
fn too_many_rules_are_refused() {
    let many = r#"<rule><beforebreak>\.</beforebreak></rule>"#.repeat(MAX_RULES + 1);
    assert!(problem(rules(&with_rules(&many))).contains("more than"));
}

#[test]
fn huge_paragraphs_split_in_linear_time() {
    let rules = small();
    let text = "Dr. Smith came. ".repeat(50_000);
    let start = std::time::Instant::now();
    assert_eq!(split(&rules, "en", &text).len(), 50_000);
    assert!(start.elapsed().as_secs() < 20);
}

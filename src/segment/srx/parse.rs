//! Reading an SRX file: its header, language rules and map rules, every
//! pattern compiled, every map naming a language rule that exists.

use std::collections::HashMap;
use std::path::PathBuf;

use super::{MAX_RULES, Rule, SrxRules, compile};
use crate::text::xml::{Step, attribute, walk};

/// Where the parser is inside a rule.
#[derive(Clone, Copy, PartialEq)]
enum Inside {
    Nothing,
    Before,
    After,
}

/// A rule being read: its patterns as text until the rule closes.
struct Pending {
    breaks: bool,
    before: String,
    after: String,
}

pub fn parse(text: &str) -> Result<SrxRules, String> {
    let mut root: Option<String> = None;
    let mut stack: Vec<String> = Vec::new();
    let mut cascade = true;
    let mut languages: HashMap<String, Vec<Rule>> = HashMap::new();
    let mut maps: Vec<(String, String)> = Vec::new();
    let mut language: Option<String> = None;
    let mut rule: Option<Pending> = None;
    let mut inside = Inside::Nothing;
    let mut rules = 0;
    let mut problem: Option<String> = None;
    let result = walk(text.as_bytes(), |step| {
        if problem.is_some() {
            return;
        }
        let mut fail = |p: String| problem = Some(p);
        match step {
            Step::Open(e) => {
                let name = e.local_name().as_ref().to_string();
                if root.is_none() {
                    root = Some(name.clone());
                    if name != "srx" {
                        return fail(format!("not SRX: the root element is <{name}>, not <srx>"));
                    }
                }
                match name.as_str() {
                    "header" => match attribute(e, "cascade").as_deref().map(str::trim) {
                        // OmegaT leaves the attribute out and cascades.
                        None | Some("yes") => cascade = true,
                        Some("no") => cascade = false,
                        Some(other) => {
                            return fail(format!("cascade=\"{other}\": expected yes or no"));
                        }
                    },
                    "languagerule" => {
                        let Some(n) = attribute(e, "languagerulename") else {
                            return fail("a <languagerule> without languagerulename".into());
                        };
                        if languages.contains_key(&n) {
                            return fail(format!("language rule \"{n}\" is defined twice"));
                        }
                        languages.insert(n.clone(), Vec::new());
                        language = Some(n);
                    }
                    "rule" => {
                        let Some(name) = &language else {
                            return fail("a <rule> outside a <languagerule>".into());
                        };
                        let breaks = match attribute(e, "break").as_deref().map(str::trim) {
                            None | Some("yes") => true,
                            Some("no") => false,
                            Some(other) => {
                                let n = languages[name].len() + 1;
                                return fail(format!(
                                    "language rule \"{name}\", rule {n}: break=\"{other}\": expected yes or no"
                                ));
                            }
                        };
                        rule = Some(Pending {
                            breaks,
                            before: String::new(),
                            after: String::new(),
                        });
                    }
                    "beforebreak" => inside = Inside::Before,
                    "afterbreak" => inside = Inside::After,
                    "languagemap" => {
                        let (Some(pattern), Some(target)) = (
                            attribute(e, "languagepattern"),
                            attribute(e, "languagerulename"),
                        ) else {
                            return fail(
                                "a <languagemap> needs languagepattern and languagerulename".into(),
                            );
                        };
                        maps.push((pattern, target));
                    }
                    _ => {}
                }
                stack.push(name);
            }
            Step::Text(t) => match (&mut rule, inside) {
                (Some(r), Inside::Before) => r.before.push_str(t),
                (Some(r), Inside::After) => r.after.push_str(t),
                _ => {}
            },
            Step::Close(name) => {
                stack.pop();
                match name {
                    "beforebreak" | "afterbreak" => inside = Inside::Nothing,
                    "languagerule" => language = None,
                    "rule" => {
                        let (Some(pending), Some(lang)) = (rule.take(), &language) else {
                            return;
                        };
                        rules += 1;
                        if rules > MAX_RULES {
                            return fail(format!("more than {MAX_RULES} rules"));
                        }
                        let list = languages.get_mut(lang).expect("opened above");
                        let n = list.len() + 1;
                        let compiled = compile(&pending.before, false)
                            .map_err(|e| ("beforebreak", pending.before.clone(), e))
                            .and_then(|before| {
                                compile(&pending.after, true)
                                    .map(|after| (before, after))
                                    .map_err(|e| ("afterbreak", pending.after.clone(), e))
                            });
                        match compiled {
                            Ok((before, after)) => list.push(Rule {
                                breaks: pending.breaks,
                                before,
                                after,
                            }),
                            Err((part, pattern, e)) => fail(format!(
                                "language rule \"{lang}\", rule {n}: {part} `{pattern}`: {e}"
                            )),
                        }
                    }
                    _ => {}
                }
            }
        }
    });
    if let Err(malformed) = result {
        return Err(format!(
            "malformed XML at byte {}: {}",
            malformed.offset, malformed.source
        ));
    }
    if let Some(problem) = problem {
        return Err(problem);
    }
    if root.is_none() {
        return Err(
            "no XML elements; an SRX file is <srx> with <languagerules> and <maprules>".into(),
        );
    }
    if let Some(open) = stack.last() {
        return Err(format!("the file ends inside <{open}>"));
    }
    if maps.is_empty() {
        return Err("no <languagemap>: no language would get any rules".into());
    }
    let maps = maps
        .into_iter()
        .map(|(pattern, name)| {
            if !languages.contains_key(&name) {
                return Err(format!(
                    "the language map for \"{pattern}\" names language rule \"{name}\", which the file does not define"
                ));
            }
            let compiled = regex::RegexBuilder::new(&format!("^(?:{})$", pattern_of_map(&pattern)?))
                .case_insensitive(true)
                .size_limit(super::MAX_PATTERN_BYTES)
                .build()
                .map_err(|e| format!("language pattern `{pattern}`: {}", one_line(&e.to_string())))?;
            Ok((compiled, name))
        })
        .collect::<Result<Vec<_>, String>>()?;
    Ok(SrxRules {
        path: PathBuf::new(),
        cascade,
        languages,
        maps,
    })
}

/// A language pattern in the `regex` crate's syntax.
fn pattern_of_map(pattern: &str) -> Result<String, String> {
    super::java::translate(pattern).map_err(|e| format!("language pattern `{pattern}`: {e}"))
}

/// The last line of a multi-line message (the `regex` crate points at the
/// error with a drawing above its explanation).
pub fn one_line(message: &str) -> String {
    message
        .lines()
        .map(str::trim)
        .rfind(|l| !l.is_empty())
        .unwrap_or(message)
        .trim_start_matches("error: ")
        .to_string()
}

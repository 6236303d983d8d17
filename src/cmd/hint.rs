//! The options that mend an error. The library's messages say what to do in
//! the words of the domain ("name the encoding"); only the binary knows its
//! flags, so it adds the one to use on a line of its own.

use bitext::Error;
use bitext::corpus::check::Finding;
use bitext::error::ManifestProblem;
use bitext::side::Side;

/// The hint for the first library error (or refused finding) in `error`'s
/// chain, if any.
pub fn for_chain(error: &anyhow::Error) -> Option<String> {
    error
        .chain()
        .find_map(|cause| match cause.downcast_ref::<Error>() {
            Some(error) => Some(for_error(error)),
            None => cause.downcast_ref::<Finding>().map(for_finding),
        })
        .flatten()
}

/// The option that lets a refused finding through, or names the right
/// language.
pub fn for_finding(finding: &Finding) -> Option<String> {
    match finding {
        Finding::WrongLanguage {
            side,
            declared,
            detected,
            ..
        } => {
            let flag = match side {
                Side::Source => "--src-lang",
                Side::Target => "--tgt-lang",
            };
            Some(format!(
                "name the language with {flag} {}; if {} is right, give --trust-lang",
                detected.code(),
                declared.code()
            ))
        }
        _ => None,
    }
}

/// The option that mends `error`, as a sentence; `None` where no option
/// does (a damaged file must be mended in the file).
pub fn for_error(error: &Error) -> Option<String> {
    let hint = match error {
        Error::Utf16WithoutBom { encoding, .. } => format!("read it with --encoding {encoding}"),
        Error::InvalidUtf8 { .. } => {
            "name the encoding with --encoding windows-1252|latin1|utf-16le|utf-16be (for one \
             side alone: --src-encoding or --tgt-encoding)"
                .to_string()
        }
        Error::UnknownLanguage { .. } => {
            "name it with --lang CODE (segment) or --src-lang/--tgt-lang CODE (align, batch), \
             where CODE is an ISO 639-1 code such as en, de, fr or zh"
                .to_string()
        }
        Error::OutputExists { .. } => "use --force to replace it".to_string(),
        Error::Srx { .. } => {
            "mend the rule in the file, or align without --segment-rules (bitext's own \
             segmentation)"
                .to_string()
        }
        Error::OriginalUnknown { .. } => {
            "name both with --src-lang and --tgt-lang, e.g. --src-lang en --tgt-lang de".to_string()
        }
        Error::SeveralTranslations { languages, .. } => format!(
            "choose one with --tgt-lang, e.g. --tgt-lang {}",
            languages.first().map_or("de", String::as_str)
        ),
        Error::Manifest {
            problem: ManifestProblem::NoLanguage,
            ..
        } => "or give --src-lang and --tgt-lang for the whole batch".to_string(),
        Error::ReviewLanguage { side, .. } => match side {
            Side::Source => "give it with --src-lang, e.g. --src-lang en".to_string(),
            Side::Target => "give it with --tgt-lang, e.g. --tgt-lang de".to_string(),
        },
        _ => return None,
    };
    Some(hint)
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;

    #[test]
    fn hints_name_the_flag() {
        let path = PathBuf::from("x.txt");
        let cases = [
            (
                Error::Utf16WithoutBom {
                    path: path.clone(),
                    encoding: "utf-16be",
                },
                "--encoding utf-16be",
            ),
            (Error::OutputExists { path: path.clone() }, "--force"),
            (
                Error::ReviewLanguage {
                    path: path.clone(),
                    side: Side::Target,
                },
                "--tgt-lang",
            ),
        ];
        for (error, flag) in cases {
            let hint = for_error(&error).unwrap();
            assert!(hint.contains(flag), "{error}: {hint}");
            assert!(!error.to_string().contains("--"), "{error}");
        }
        assert_eq!(for_error(&Error::Empty { path }), None);
    }

    #[test]
    fn a_wrong_language_hint_names_the_side_and_the_override() {
        let finding = Finding::WrongLanguage {
            side: Side::Target,
            path: PathBuf::from("de.txt"),
            declared: bitext::Lang::parse("fr").unwrap(),
            detected: bitext::Lang::parse("de").unwrap(),
        };
        let hint = for_finding(&finding).unwrap();
        assert!(
            hint.contains("--tgt-lang de") && hint.contains("--trust-lang"),
            "{hint}"
        );
        assert!(!finding.to_string().contains("--"), "{finding}");
        let error = anyhow::Error::from(finding);
        assert_eq!(for_chain(&error), Some(hint));
    }
}

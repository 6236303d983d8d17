//! SRX patterns are ICU or Java regular expressions; bitext matches with
//! the `regex` crate, which has most of their syntax but no look-around,
//! atomic groups, possessive quantifiers or back-references (it guarantees
//! linear-time matching instead). This translates what has an equivalent
//! and refuses the rest with the construct named, rather than matching
//! something else than the CAT tool does.

/// Java's `\h`: horizontal white space.
const HORIZONTAL: &str = r"\t\x20\xA0\x{1680}\x{180E}\x{2000}-\x{200A}\x{202F}\x{205F}\x{3000}";
/// Java's `\v`: vertical white space.
const VERTICAL: &str = r"\n\x0B\f\r\x{85}\x{2028}\x{2029}";

/// The pattern in the `regex` crate's syntax, or what it uses that has none.
pub fn translate(pattern: &str) -> Result<String, String> {
    let chars: Vec<char> = pattern.chars().collect();
    let mut out = String::with_capacity(pattern.len());
    let mut class = 0usize; // depth of character classes
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '\\' => {
                let Some(&next) = chars.get(i + 1) else {
                    return Err("ends with a lone backslash".into());
                };
                i += 2;
                match next {
                    'Q' => {
                        let mut literal = String::new();
                        while i < chars.len()
                            && !(chars[i] == '\\' && chars.get(i + 1) == Some(&'E'))
                        {
                            literal.push(chars[i]);
                            i += 1;
                        }
                        i += 2; // \E, or past the end
                        out.push_str(&regex::escape(&literal));
                    }
                    'h' => set(&mut out, class, HORIZONTAL, false),
                    'H' => set(&mut out, class, HORIZONTAL, true),
                    'v' => set(&mut out, class, VERTICAL, false),
                    'V' => set(&mut out, class, VERTICAL, true),
                    'R' if class == 0 => {
                        out.push_str(r"(?:\r\n|[\n\x0B\f\r\x{85}\x{2028}\x{2029}])")
                    }
                    'e' => out.push_str(r"\x1B"),
                    'p' | 'P' => {
                        let (name, len) = property_name(&chars[i..])?;
                        i += len;
                        property(&mut out, class, &name, next == 'P')?;
                    }
                    '1'..='9' => {
                        return Err(format!(
                            "\\{next} is a back-reference, which bitext cannot match"
                        ));
                    }
                    '0' => {
                        return Err("octal escapes (\\0…) are not supported; write \\x{…}".into());
                    }
                    'Z' | 'G' | 'c' | 'k' | 'R' => {
                        return Err(format!("\\{next} is not supported here"));
                    }
                    other => {
                        out.push('\\');
                        out.push(other);
                    }
                }
                continue;
            }
            '[' => class += 1,
            ']' if class > 0 => class -= 1,
            '(' if class == 0 && chars.get(i + 1) == Some(&'?') => {
                let rest: String = chars[i + 2..].iter().take(3).collect();
                let refused = [
                    ("=", "look-ahead (?=…)"),
                    ("!", "negative look-ahead (?!…)"),
                    ("<=", "look-behind (?<=…)"),
                    ("<!", "negative look-behind (?<!…)"),
                    (">", "an atomic group (?>…)"),
                ];
                if let Some((_, what)) = refused.iter().find(|(p, _)| rest.starts_with(p)) {
                    return Err(format!(
                        "{what} is not supported (bitext matches without look-around); \
                         move the context into the other pattern of the rule"
                    ));
                }
                // Inline flags: Java's U (Unicode classes: always so here),
                // d (Unix lines) and c (canonical equivalence) have no
                // counterpart; regex's U would mean lazy quantifiers.
                let mut j = i + 2;
                let mut flags = String::new();
                while let Some(&f) = chars.get(j) {
                    if f.is_ascii_alphabetic() || f == '-' {
                        flags.push(f);
                        j += 1;
                    } else {
                        break;
                    }
                }
                if matches!(chars.get(j), Some(')') | Some(':')) && !flags.is_empty() {
                    let kept: String = flags.chars().filter(|f| !"Udc".contains(*f)).collect();
                    let close = chars[j];
                    i = j + 1;
                    if kept.is_empty() || kept == "-" {
                        if close == ':' {
                            out.push_str("(?:");
                        }
                    } else {
                        out.push_str("(?");
                        out.push_str(&kept);
                        out.push(close);
                    }
                    continue;
                }
            }
            '*' | '+' | '?' | '}' if class == 0 && chars.get(i + 1) == Some(&'+') => {
                return Err(format!(
                    "the possessive quantifier {c}+ is not supported; write {c} (greedy)"
                ));
            }
            _ => {}
        }
        out.push(c);
        i += 1;
    }
    Ok(out)
}

/// The name of a `\p` property: `{Name}` or one letter; returns it and the
/// characters it takes.
fn property_name(rest: &[char]) -> Result<(String, usize), String> {
    match rest.first() {
        Some('{') => {
            let end = rest
                .iter()
                .position(|&c| c == '}')
                .ok_or("\\p{ without its closing brace")?;
            Ok((rest[1..end].iter().collect(), end + 1))
        }
        Some(&c) => Ok((c.to_string(), 1)),
        None => Err("\\p without a property name".into()),
    }
}

/// Writes Java's property `name` (negated for `\P`).
fn property(out: &mut String, class: usize, name: &str, negated: bool) -> Result<(), String> {
    // Java's POSIX classes are ASCII only; its java* classes follow
    // Character's methods.
    let members = match name {
        "Lower" => Some("a-z"),
        "Upper" => Some("A-Z"),
        "ASCII" => Some(r"\x00-\x7F"),
        "Alpha" => Some("a-zA-Z"),
        "Digit" => Some("0-9"),
        "Alnum" => Some("a-zA-Z0-9"),
        "Punct" => Some(r"!-/:-@\[-`{-~"),
        "Graph" => Some(r"!-~"),
        "Print" => Some(r"\x20-~"),
        "Blank" => Some(r" \t"),
        "Cntrl" => Some(r"\x00-\x1F\x7F"),
        "XDigit" => Some("0-9a-fA-F"),
        "Space" => Some(r" \t\n\x0B\f\r"),
        "javaLetterOrDigit" => Some(r"\p{L}\p{Nd}"),
        _ => None,
    };
    if let Some(members) = members {
        set(out, class, members, negated);
        return Ok(());
    }
    let mapped = match name {
        "javaLowerCase" => "Lowercase".to_string(),
        "javaUpperCase" => "Uppercase".to_string(),
        "javaWhitespace" => "White_Space".to_string(),
        "javaLetter" => "L".to_string(),
        "javaDigit" => "Nd".to_string(),
        n if n.starts_with("In") && n.len() > 2 => {
            return Err(format!(
                "\\p{{{n}}}: Unicode blocks are not supported; use a script (\\p{{Greek}}) or a range"
            ));
        }
        n if n.starts_with("Is") && n.len() > 2 => n[2..].to_string(),
        n => n.to_string(),
    };
    out.push_str(if negated { r"\P{" } else { r"\p{" });
    out.push_str(&mapped);
    out.push('}');
    Ok(())
}

/// Writes a set of characters given as class members: as a class of its
/// own outside classes, as members inside one.
fn set(out: &mut String, class: usize, members: &str, negated: bool) {
    match (class, negated) {
        (0, false) => out.push_str(&format!("[{members}]")),
        (0, true) => out.push_str(&format!("[^{members}]")),
        (_, false) => out.push_str(members),
        (_, true) => out.push_str(&format!("[^{members}]")),
    }
}

//! Slugs: the file-name-safe ids that name event pages and feeds.

/// True for lowercase ASCII letters and digits in groups joined by single hyphens.
pub fn is_valid(slug: &str) -> bool {
    !slug.is_empty()
        && slug.split('-').all(|part| {
            !part.is_empty() && part.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

/// The slug of a title or of a bad slug: transliterated to ASCII (`São` → `sao`),
/// lowercased, and every run of other characters made one hyphen.
pub fn slugify(text: &str) -> String {
    let ascii = deunicode::deunicode(text).to_ascii_lowercase();
    let mut out = String::with_capacity(ascii.len());
    for c in ascii.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugify_table() {
        let cases = [
            ("São Paulo Forum", "sao-paulo-forum"),
            ("UCLG Annual Retreat & Campus", "uclg-annual-retreat-campus"),
            ("../x", "x"),
            ("A B", "a-b"),
            ("x/y", "x-y"),
            ("Xi'an 7 Keys", "xi-an-7-keys"),
            ("  --Hello--  ", "hello"),
            ("Zürich—Genève", "zurich-geneve"),
            ("北京", "bei-jing"),
        ];
        for (input, slug) in cases {
            assert_eq!(slugify(input), slug, "{input:?}");
            assert!(is_valid(slug), "{slug:?}");
        }
    }

    #[test]
    fn validity_table() {
        for ok in ["a", "sao-paulo-forum", "2021", "x1-y2"] {
            assert!(is_valid(ok), "{ok:?}");
        }
        for bad in ["", "-a", "a-", "a--b", "A", "a b", "../x", "x/y", "é", "a_b"] {
            assert!(!is_valid(bad), "{bad:?}");
        }
    }
}

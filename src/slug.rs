//! Slugs: the file-name-safe ids that name event pages and feeds.

/// The longest slug: it names files (`events/<slug>.html`), and file systems refuse names
/// over 255 bytes; addresses this long are already hard to share.
pub const MAX_LEN: usize = 100;

/// A slug cut to [`MAX_LEN`] at a hyphen where there is one, so that no word is cut.
pub fn shorten(slug: &str) -> String {
    if slug.len() <= MAX_LEN {
        return slug.to_string();
    }
    let head = &slug[..MAX_LEN];
    let cut =
        if slug.as_bytes()[MAX_LEN] == b'-' { MAX_LEN } else { head.rfind('-').unwrap_or(MAX_LEN) };
    slug[..cut].trim_end_matches('-').to_string()
}

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
    fn long_slugs_are_cut_between_words() {
        let words = ["forum"; 30].join("-");
        let short = shorten(&words);
        assert_eq!(short.len(), 95);
        assert!(is_valid(&short) && words.starts_with(&short));
        assert_eq!(shorten(&"a".repeat(150)), "a".repeat(100));
        assert_eq!(shorten("sao-paulo"), "sao-paulo");
        let exact = format!("{}-{}", "a".repeat(100), "b");
        assert_eq!(shorten(&exact), "a".repeat(100));
    }

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

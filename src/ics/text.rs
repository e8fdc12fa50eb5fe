//! Text as calendars carry it: cleaned of control characters, and an event's plain
//! description, for its `DESCRIPTION` and its "add" links.

use std::borrow::Cow;

use crate::config::Config;
use crate::date::When;
use crate::event::{Event, Status};
use crate::feature_words::FeatureWords;
use crate::locale::{self, fill};

/// The plain text of an event for a `DESCRIPTION` or a link: its status, what is
/// uncertain about its date, its time as written, its description (`text`, its
/// [`description_text`], cut to `limit` characters), who organises it, its website,
/// and its page.
pub fn plain_description(
    words: &FeatureWords,
    config: &Config,
    event: &Event,
    text: Option<&str>,
    limit: usize,
) -> String {
    // The description, the longest part, is borrowed rather than copied.
    let mut parts: Vec<Cow<'_, str>> = Vec::new();
    match event.status {
        Status::Cancelled => parts.push(words.cancelled_note.into()),
        Status::Postponed => parts.push(words.postponed_note.into()),
        Status::Scheduled => {}
    }
    if let Some(from) = &event.postponed_from {
        let moved = words.postponed_from.replace("{date}", &from.shown(config.locale));
        parts.push(format!("{moved}.").into());
    }
    let phrases = &config.locale.words;
    let tbc = event.date.tentative;
    match event.date.when {
        When::Month(m) => {
            let pattern = if tbc { phrases.feed_month_tbc } else { phrases.feed_month };
            let (name, year) = (config.locale.month(m.month), m.year.to_string());
            parts.push(fill(pattern, &[("m", name), ("y", &year)]).into());
        }
        _ if tbc => parts.push(phrases.feed_date_tbc.into()),
        _ => {}
    }
    if let Some(t) = event.time {
        let hours = match t.end {
            Some(end) => format!("{}–{}", locale::clock(t.start), locale::clock(end)),
            None => locale::clock(t.start),
        };
        parts.push(fill(phrases.feed_time, &[("hours", &hours), ("zone", &t.zone.label())]).into());
    }
    if let Some(plain) = text.filter(|p| !p.is_empty()) {
        // A text of no more bytes than the limit has no more characters either: no
        // need to count them (the iCalendar description has no limit at all).
        let cut = (plain.len() > limit).then(|| plain.char_indices().nth(limit)).flatten();
        match cut {
            Some((cut, _)) => parts.push(format!("{}…", plain[..cut].trim_end()).into()),
            None => parts.push(plain.into()),
        }
    }
    let mut links = Vec::new();
    if !event.organizers.is_empty() {
        links.push(fill(phrases.feed_organisers, &[("names", &event.organizers.join(", "))]));
    }
    if let Some(url) = &event.url {
        links.push(fill(phrases.feed_website, &[("url", url)]));
    }
    let page = config.base_url.absolute(&event.page_path());
    links.push(fill(phrases.feed_more, &[("url", &page)]));
    parts.push(links.join("\n").into());
    parts.join("\n\n")
}

/// Text as iCalendar can carry it: line breaks as `\n` only, and no other control
/// character (RFC 5545 3.3.11 allows none but tab).
pub fn clean_text(s: &str) -> Cow<'_, str> {
    // Most text has no control character: C0 and DEL are single bytes, and a C1
    // character is 0xC2 then 0x80 to 0x9F (a no-break space, 0xC2 0xA0, which French
    // puts before every colon, is not one). Branch-free over every byte, so that the
    // compiler checks many bytes at a time.
    let bytes = s.as_bytes();
    let c0 = bytes
        .iter()
        .fold(false, |seen, &b| seen | ((b < 0x20) & (b != b'\n') & (b != b'\t')) | (b == 0x7f));
    // Pairs are looked at only in text that has a 0xC2 at all: most has none.
    let c1 = bytes.iter().fold(false, |seen, &b| seen | (b == 0xc2))
        && bytes.windows(2).any(|w| w[0] == 0xc2 && w[1] < 0xa0);
    if !(c0 | c1) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(cleaned(s))
}

/// [`clean_text`] the slow way, character by character.
fn cleaned(s: &str) -> String {
    s.replace("\r\n", "\n")
        .chars()
        .filter_map(|c| match c {
            '\r' => Some('\n'),
            '\n' | '\t' => Some(c),
            c if c.is_control() => None,
            c => Some(c),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_cleaned() {
        assert_eq!(clean_text("a\r\nb\rc\u{0}d\te\u{7f}"), "a\nb\ncd\te");
        assert_eq!(clean_text("C1: \u{80}\u{85}\u{9f}."), "C1: .");
        // A no-break space and French quotes start with 0xC2 too, and are text.
        let french = "Plus d\u{2019}informations\u{a0}: \u{ab}\u{a0}Paris\u{a0}\u{bb}";
        assert!(matches!(clean_text(french), Cow::Borrowed(t) if t == french));
    }

    proptest::proptest! {
        #[test]
        fn the_quick_look_never_skips_a_control_character(chars in proptest::collection::vec(
            proptest::prop_oneof![
                proptest::prelude::any::<char>(),
                proptest::sample::select(vec![
                    '\r', '\n', '\t', '\u{0}', '\u{7f}', '\u{80}', '\u{85}', '\u{9f}',
                    '\u{a0}', '\u{ab}', '\u{bf}', '\u{c0}', 'é', 'a',
                ]),
            ],
            0..40,
        )) {
            // The quick look decides only whether the slow way is needed.
            let s: String = chars.into_iter().collect();
            proptest::prop_assert_eq!(clean_text(&s), cleaned(&s));
        }
    }
}

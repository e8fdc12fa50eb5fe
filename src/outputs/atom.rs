//! `events.atom`: the most recently updated events as an Atom 1.0 feed, for feed readers;
//! and the writing that `tags/<id>.atom` shares.

use std::fmt::Write as _;

use chrono::{DateTime, Utc};

use super::{About, ContentType, Depends, Out, Output, Stage};
use crate::config::Config;
use crate::date;
use crate::diagnostic::Diagnostic;
use crate::event::Event;
use crate::ics;
use crate::plan::{Maker, Plan};
use crate::translatable::Translatable;

/// `events.atom`.
pub struct Atom;

const ABOUT: About = About {
    content_type: ContentType::Fixed("application/atom+xml"),
    templated: false,
    streamed: true,
    depends: Depends::Events,
    stage: Stage::Main,
};

impl Output for Atom {
    fn about(&self) -> &'static About {
        &ABOUT
    }

    fn count(&self, _: &Plan<'_>) -> usize {
        1
    }

    fn path(&self, _: &Plan<'_>, _: usize) -> String {
        "events.atom".into()
    }

    fn write(&self, maker: &Maker<'_>, _: usize, out: &mut Out<'_>) -> Result<(), Diagnostic> {
        let build = maker.plan();
        let config = build.config();
        let head = Head {
            title: config.title.clone(),
            lang: config.lang_of.get(&Translatable::Title).cloned(),
            path: "events.atom".into(),
            page: config.base_url.as_str().to_string(),
        };
        write_atom(build, &head, None, out)
    }
}

/// What differs between the whole calendar's feed and a tag's.
pub(super) struct Head {
    /// The feed's title.
    pub title: String,
    /// Its language when it is not the feed's, for want of a translation.
    pub lang: Option<String>,
    /// The feed's own path, relative to the site root: its `id` and `rel="self"`.
    pub path: String,
    /// The page it mirrors, absolute: `rel="alternate"`.
    pub page: String,
}

/// How many entries an Atom feed holds: feed readers show what changed lately, and
/// fetch the whole feed at every poll.
pub const ATOM_ENTRIES: usize = 100;

/// Writes an Atom feed of the [`ATOM_ENTRIES`] most recently updated published events, of
/// one tag or all, newest `updated` first (date order among equals). An entry's `id` is
/// its page's address, as stable as its slug (the iCalendar UID is too); `updated` is its
/// iCalendar stamp (`DTSTAMP`).
pub(super) fn write_atom(
    build: &Plan<'_>,
    head: &Head,
    tag: Option<&str>,
    out: &mut Out<'_>,
) -> Result<(), Diagnostic> {
    let config = build.config();
    let mut entries: Vec<(usize, DateTime<Utc>)> = (0..build.len())
        .filter(|&i| tag.is_none_or(|t| build.event(i).tags.iter().any(|id| id == t)))
        .map(|i| (i, build.revision(i).stamp))
        .collect();
    entries.sort_by_key(|e| std::cmp::Reverse(e.1));
    entries.truncate(ATOM_ENTRIES);
    // A feed's `updated` is its newest entry's, so that the same commit builds the same
    // bytes; an empty feed takes what an event would (calendar.toml's `updated`, …).
    let updated = entries.first().map_or_else(|| build.fallback_stamp(), |e| e.1);
    let self_url = config.base_url.absolute(&head.path);
    let author = config.publisher.as_deref().unwrap_or(&config.title);
    // Written as it goes: the whole feed in one string was megabytes held per feed.
    let mut s = String::with_capacity(1024);
    s.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    let _ = writeln!(
        s,
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">",
        xml(&config.language)
    );
    match &head.lang {
        Some(lang) => {
            let _ = writeln!(s, "<title xml:lang=\"{}\">{}</title>", xml(lang), xml(&head.title));
        }
        None => {
            let _ = writeln!(s, "<title>{}</title>", xml(&head.title));
        }
    }
    let _ = writeln!(s, "<id>{}</id>", xml(&self_url));
    let _ = writeln!(
        s,
        "<link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>",
        xml(&self_url)
    );
    let _ =
        writeln!(s, "<link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>", xml(&head.page));
    let _ = writeln!(s, "<updated>{}</updated>", date::utc_stamp(updated));
    let _ = writeln!(s, "<author><name>{}</name></author>", xml(author));
    out.all(s.as_bytes())?;
    for (i, updated) in entries {
        // Made anew for each feed an event is in: kept for the whole build, the entries
        // were a sixth of the peak memory at 100,000 events.
        out.all(entry(config, build.event(i), updated).as_bytes())?;
    }
    out.all(b"</feed>\n")
}

/// An event's `<entry>`, the same in every feed it is in. Written piece by piece,
/// escaping straight into it: at 10,000 events, a string per escaped text and per formatted
/// line was most of a feed's cost.
fn entry(config: &Config, e: &Event, updated: DateTime<Utc>) -> String {
    let words = &config.locale.features;
    let page = config.base_url.absolute(&e.page_path());
    let mut s = String::with_capacity(640);
    s.push_str("<entry>\n<id>");
    push_xml(&mut s, &page);
    s.push_str("</id>\n<title");
    // A title left untranslated says so, as it does on the pages.
    if let Some(lang) = e.lang_of.get(&Translatable::Title) {
        s.push_str(" xml:lang=\"");
        push_xml(&mut s, lang);
        s.push('"');
    }
    s.push('>');
    push_xml(&mut s, &ics::summary(words, e));
    s.push_str("</title>\n<link rel=\"alternate\" type=\"text/html\" href=\"");
    push_xml(&mut s, &page);
    s.push_str("\"/>\n<updated>");
    s.push_str(&date::utc_stamp(updated));
    s.push_str("</updated>\n<summary>");
    push_xml(&mut s, &e.date.when.long(config.locale));
    if let Some(t) = e.time {
        s.push_str(", ");
        let zone = date::zone_shown(e.date.when.first_day(), t.start, t.zone);
        push_xml(&mut s, &config.locale.hours(t.start, t.end, &zone));
    }
    if let Some(place) = &e.location {
        s.push_str(" · ");
        push_xml(&mut s, place);
    }
    s.push_str("</summary>\n");
    for id in &e.tags {
        s.push_str("<category term=\"");
        push_xml(&mut s, id);
        s.push_str("\"/>\n");
    }
    s.push_str("</entry>\n");
    s
}

/// Text escaped for XML content and attribute values.
fn xml(text: &str) -> String {
    let mut s = String::with_capacity(text.len());
    push_xml(&mut s, text);
    s
}

/// Appends `text` to `out`, escaped for XML content and attribute values.
fn push_xml(out: &mut String, text: &str) {
    let mut rest = text;
    while let Some(at) = rest.bytes().position(|b| matches!(b, b'&' | b'<' | b'>' | b'"')) {
        out.push_str(&rest[..at]);
        out.push_str(match rest.as_bytes()[at] {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            _ => "&quot;",
        });
        rest = &rest[at + 1..];
    }
    out.push_str(rest);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_for_xml() {
        let cases = [
            ("", ""),
            ("plain", "plain"),
            ("Smart City; Expo, \"Live\"", "Smart City; Expo, &quot;Live&quot;"),
            ("<a> & <b>", "&lt;a&gt; &amp; &lt;b&gt;"),
            ("Göteborg & Xi'an", "Göteborg &amp; Xi'an"),
            ("&&", "&amp;&amp;"),
        ];
        for (text, expected) in cases {
            assert_eq!(xml(text), expected, "{text:?}");
        }
    }
}

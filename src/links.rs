//! Links that hand an event or a feed to a calendar app: "add" links that open Google
//! Calendar's or Outlook's new-event form filled in, and one-click subscribe links for
//! every feed. They carry what the event's `VEVENT` carries ([`crate::ics`]).

use minijinja::Value;
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use serde::Serialize;

use crate::config::Config;
use crate::date;
use crate::event::Event;
use crate::feature_words::{App, FeatureWords};
use crate::ics::{self, Span};

/// The longest event text put in a Google Calendar or Outlook link, in characters.
const LINK_TEXT_LIMIT: usize = 1000;

/// An event's "add" links; none for a cancelled or postponed event, which nobody should
/// add to a calendar as if it took place.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AddLinks<L = String> {
    /// Google Calendar's new-event form.
    pub google: L,
    /// Outlook on the web, personal accounts (outlook.live.com).
    pub outlook_live: L,
    /// Outlook on the web, work and school accounts (outlook.office.com).
    pub outlook_office: L,
}

/// How the pairs of a query are joined: by `&` in an address, by `&amp;` in an address
/// written into an HTML attribute, where `&` is the only character of these links that
/// HTML escapes (values are percent-encoded).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Joined {
    /// `&`.
    Url,
    /// `&amp;`.
    Html,
}

/// The "add" links of an event; `text` is its [`ics::description_text`].
pub fn add_links(
    words: &FeatureWords,
    config: &Config,
    event: &Event,
    text: Option<&str>,
) -> Option<AddLinks> {
    links_joined(words, config, event, text, Joined::Url)
}

/// The "add" links of an event for its page's `href`s, as template values: written for
/// an HTML attribute and marked safe, so that templates do not escape them again.
/// Escaping three links of a kilobyte or more on every page, a few bytes at a time, was a
/// sixth of what an event's page cost.
pub fn page_add_links(
    words: &FeatureWords,
    config: &Config,
    event: &Event,
    text: Option<&str>,
) -> Option<AddLinks<Value>> {
    let links = links_joined(words, config, event, text, Joined::Html)?;
    Some(AddLinks {
        google: Value::from_safe_string(links.google),
        outlook_live: Value::from_safe_string(links.outlook_live),
        outlook_office: Value::from_safe_string(links.outlook_office),
    })
}

/// [`add_links`], joined one way or the other. They share one text, made and encoded once.
fn links_joined(
    words: &FeatureWords,
    config: &Config,
    event: &Event,
    text: Option<&str>,
    joined: Joined,
) -> Option<AddLinks> {
    // No day to add for an event whose month is not known (precision `year`).
    if event.status.is_off() || !event.date.when.has_days() {
        return None;
    }
    let text = LinkText::new(words, config, event, text);
    // The two Outlooks take the same form at two hosts: the query is made once.
    let outlook = outlook_query(event, &text, joined);
    // Made at their size: `format!` grew each kilobyte-long link by copies.
    let at = |host: &str| [host, &outlook].concat();
    Some(AddLinks {
        google: google_link(event, &text, joined),
        outlook_live: at("https://outlook.live.com"),
        outlook_office: at("https://outlook.office.com"),
    })
}

/// What the links carry, each part plain, clean and percent-encoded for a query.
struct LinkText {
    title: String,
    /// The description, cut to [`LINK_TEXT_LIMIT`] characters.
    details: String,
    location: Option<String>,
}

impl LinkText {
    fn new(words: &FeatureWords, config: &Config, event: &Event, text: Option<&str>) -> LinkText {
        let encode = |s: &str| encode(&ics::clean_text(s));
        let details = ics::plain_description(words, config, event, text, LINK_TEXT_LIMIT);
        LinkText {
            title: encode(&ics::summary(words, event)),
            details: encode(&details),
            location: event.location.as_deref().map(encode),
        }
    }
}

/// Timed events in UTC with the event's zone as `ctz`, so that the form shows the hours
/// as written; `trp=false` (free time) where the event is not [`ics::busy`].
fn google_link(event: &Event, text: &LinkText, joined: Joined) -> String {
    let dates = encode(&google_dates(ics::span(event)));
    // Google takes IANA names only; a fixed offset's hours are in UTC already.
    let zone = event.time.and_then(|t| t.zone.iana()).map(|tz| encode(tz.name()));
    let mut pairs = vec![
        ("action", "TEMPLATE"),
        ("text", &text.title),
        ("dates", &dates),
        ("details", &text.details),
    ];
    if let Some(location) = &text.location {
        pairs.push(("location", location));
    }
    if let Some(zone) = &zone {
        pairs.push(("ctz", zone));
    }
    if !ics::busy(event) {
        pairs.push(("trp", "false"));
    }
    query("https://calendar.google.com/calendar/render", &pairs, joined)
}

/// Outlook's deep link to its new-event form, from the path on (`rru=addevent` opens the
/// form rather than the calendar). All-day events give `enddt` as the day after the last,
/// as iCalendar does.
fn outlook_query(event: &Event, text: &LinkText, joined: Joined) -> String {
    let (startdt, enddt, allday) = match ics::span(event) {
        Span::AllDay { start, end } => (date::iso_day(start), date::iso_day(end), "true"),
        Span::Timed { start, end } => (date::utc_stamp(start), date::utc_stamp(end), "false"),
    };
    let (startdt, enddt) = (encode(&startdt), encode(&enddt));
    let mut pairs = vec![
        ("path", "/calendar/action/compose"),
        ("rru", "addevent"),
        ("subject", &*text.title),
        ("startdt", &startdt),
        ("enddt", &enddt),
        ("allday", allday),
        ("body", &text.details),
    ];
    if let Some(location) = &text.location {
        pairs.push(("location", location));
    }
    query("/calendar/0/deeplink/compose", &pairs, joined)
}

/// One way to add a feed to an app: the app's name, the link, what happens next.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SubscribeLink {
    /// The link's text.
    pub name: &'static str,
    /// Where it goes: absolute, except a download's, relative to the site's root.
    pub href: String,
    /// What happens next, in one line.
    pub help: &'static str,
    /// `webcal`, `google`, `outlook-live`, `outlook-office`, `copy` or `download`.
    pub kind: &'static str,
}

/// Every way to subscribe to the feed at `path` (relative to the site's root) named
/// `name`: Google Calendar, Outlook.com, Outlook for work, Apple (`webcal://`), the plain
/// address to copy, and a one-off download.
pub fn subscribe_links(
    words: &FeatureWords,
    config: &Config,
    path: &str,
    name: &str,
) -> Vec<SubscribeLink> {
    let address = config.base_url.absolute(path);
    let webcal = webcal_url(config, path);
    let outlook = |host: &str| {
        let pairs = [("url", encode(&address)), ("name", encode(name))];
        let pairs: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (*k, v.as_str())).collect();
        query(&format!("{host}/calendar/0/addfromweb"), &pairs, Joined::Url)
    };
    let link =
        |app: App, href: String, kind| SubscribeLink { name: app.name, href, help: app.help, kind };
    vec![
        link(
            words.google,
            query(
                "https://calendar.google.com/calendar/r",
                &[("cid", &encode(&webcal))],
                Joined::Url,
            ),
            "google",
        ),
        link(words.outlook_live, outlook("https://outlook.live.com"), "outlook-live"),
        link(words.outlook_office, outlook("https://outlook.office.com"), "outlook-office"),
        link(words.apple, webcal, "webcal"),
        link(words.copy, address, "copy"),
        link(words.download, path.to_string(), "download"),
    ]
}

/// The `webcal://` address of a feed of the site, for one-click subscription.
pub fn webcal_url(config: &Config, path: &str) -> String {
    let absolute = config.base_url.absolute(path);
    match absolute.split_once("://") {
        Some((_, rest)) => format!("webcal://{rest}"),
        None => absolute,
    }
}

/// What a query value keeps of its bytes: the characters
/// `application/x-www-form-urlencoded` leaves alone (ASCII letters and digits, `*`, `-`,
/// `.`, `_`); every other byte becomes `%XX`.
const QUERY_VALUE: &AsciiSet =
    &NON_ALPHANUMERIC.remove(b'*').remove(b'-').remove(b'.').remove(b'_');

/// A query value, percent-encoded ([`QUERY_VALUE`]).
fn encode(value: &str) -> String {
    // The crate yields a piece per encoded byte: gathered into one string made at about
    // its size.
    let mut out = String::with_capacity(value.len() * 3 / 2);
    out.extend(utf8_percent_encode(value, QUERY_VALUE));
    out
}

/// A query from keys (plain ASCII words) and values already encoded by [`encode`],
/// which writes spaces as `%20`: `+` is read as a space by most but not all readers of a
/// query, while `%20` is read as one by all. (A `+` of the text is `%2B`.)
fn query(base: &str, pairs: &[(&str, &str)], joined: Joined) -> String {
    let and = match joined {
        Joined::Url => "&",
        Joined::Html => "&amp;",
    };
    let length: usize = pairs.iter().map(|(k, v)| k.len() + v.len() + 1 + and.len()).sum();
    let mut out = String::with_capacity(base.len() + length);
    out.push_str(base);
    for (i, (key, value)) in pairs.iter().enumerate() {
        out.push_str(if i == 0 { "?" } else { and });
        out.push_str(key);
        out.push('=');
        out.push_str(value);
    }
    out
}

/// `20210215/20210216` or `20210215T080000Z/20210215T090000Z`, as Google reads a span:
/// as iCalendar writes days and instants.
fn google_dates(span: Span) -> String {
    let mut out = String::with_capacity(33);
    match span {
        Span::AllDay { start, end } => {
            date::write_day(&mut out, start, "");
            out.push('/');
            date::write_day(&mut out, end, "");
        }
        Span::Timed { start, end } => {
            ics::write_utc(&mut out, start);
            out.push('/');
            ics::write_utc(&mut out, end);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use percent_encoding::percent_decode_str;
    use proptest::prelude::*;

    #[test]
    fn query_values_are_percent_encoded_by_bytes() {
        let cases = [
            ("", ""),
            ("Paris", "Paris"),
            ("a b", "a%20b"),
            ("São Paulo", "S%C3%A3o%20Paulo"),
            ("a+b&c=d/e?f#g", "a%2Bb%26c%3Dd%2Fe%3Ff%23g"),
            ("*-._~", "*-._%7E"),
            ("é", "%C3%A9"),
            ("€1", "%E2%82%AC1"),
            ("line\nbreak", "line%0Abreak"),
        ];
        for (plain, encoded) in cases {
            assert_eq!(encode(plain), encoded, "{plain:?}");
        }
    }

    proptest! {
        /// Any text comes back whole from its encoding, which holds only the kept
        /// characters and `%XX` escapes: nothing a query or an HTML attribute reads
        /// otherwise (`&`, `=`, `#`, `+`, quotes, spaces).
        #[test]
        fn encoded_values_hold_only_kept_bytes_and_decode_back(s in any::<String>()) {
            let encoded = encode(&s);
            prop_assert_eq!(percent_decode_str(&encoded).decode_utf8().unwrap(), s.as_str());
            let bytes = encoded.as_bytes();
            let mut at = 0;
            while at < bytes.len() {
                if bytes[at] == b'%' {
                    let hex = &bytes[at + 1..at + 3];
                    prop_assert!(hex.iter().all(|b| matches!(b, b'0'..=b'9' | b'A'..=b'F')));
                    at += 3;
                } else {
                    let b = bytes[at];
                    prop_assert!(b.is_ascii_alphanumeric() || b"*-._".contains(&b), "{}", b);
                    at += 1;
                }
            }
        }
    }
}

//! What readers see, in their language: month and weekday names, the patterns dates are
//! shown in, and every fixed phrase of the pages and feeds. A [`Locale`] is chosen by the
//! calendar's language ([`Locale::of`]): English, French and Spanish are built in, each
//! in its own module; another language is English's words with a theme's or project's
//! `i18n/<code>.toml` for the pages ([`crate::render`]).
//!
//! The words an editor may *write* (months in three languages, `du … au`, `(tbc)`) are
//! the grammar's, in `date/vocabulary.rs`: reading is lenient and the same in every language,
//! while showing follows the reader's language alone.
//!
//! Patterns are text with named holes (`{d} {m}`), filled by [`fill`], so that another
//! language is a table of data rather than code: `15-22 févr.` and `15-22 feb.` differ in
//! data only, and `martes, 16 de febrero de 2021` in the order of its holes.

use serde::Serialize;

mod es;
mod fr;

pub use es::SPANISH;
pub use fr::FRENCH;

/// Everything a reader sees that is not the calendar's own content, in one language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Locale {
    /// The BCP 47 code, as in `<html lang>`.
    pub code: &'static str,
    /// Its name in itself, as a language switcher shows it.
    pub name: &'static str,
    /// Month names, January first.
    pub months: [&'static str; 12],
    /// Abbreviated month names, as lists show them.
    pub months_short: [&'static str; 12],
    /// Weekday names, Monday first.
    pub weekdays: [&'static str; 7],
    /// Abbreviated weekday names, Monday first, as a month grid's column heads show them.
    pub weekdays_short: [&'static str; 7],
    /// Dates in lists: `15-22 Feb`.
    pub short: DatePatterns,
    /// Dates on an event's page: `15–22 February 2021`.
    pub long: DatePatterns,
    /// The fixed phrases of pages and feeds.
    pub words: Phrases,
    /// The words of the subscribe and status features.
    pub features: crate::feature_words::FeatureWords,
}

/// How each shape of date is written. Holes: `{d}`, `{d2}` days; `{m}`, `{m2}` month names
/// (short in [`Locale::short`], long in [`Locale::long`]); `{y}`, `{y2}` years; `{wd}` the
/// weekday's name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct DatePatterns {
    /// One day.
    pub day: &'static str,
    /// Days within one month.
    pub days_in_month: &'static str,
    /// Days over two months of one year.
    pub days_across_months: &'static str,
    /// Days over two years.
    pub days_across_years: &'static str,
    /// A month whose day is not known.
    pub month: &'static str,
    /// A year whose dates are not known.
    pub year: &'static str,
}

/// Fixed phrases: those the Rust code writes (feeds, headings, the tbc marker); each
/// takes the holes its comment names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Phrases {
    /// A tentative date in lists; `{date}`.
    pub tbc: &'static str,
    /// The heading of events whose dates are not known yet.
    pub undated: &'static str,
    /// The same heading when the calendar spans years; `{y}`.
    pub undated_in_year: &'static str,
    /// The month navigation's entry for that heading.
    pub undated_short: &'static str,
    /// A month heading when the calendar spans years; `{m}` (long), `{y}`.
    pub month_in_year: &'static str,
    /// The heading of a month of the previous edition, whose events run into this one;
    /// `{heading}`, `{y}` (that edition's year).
    pub carried_over: &'static str,
    /// Hours of a timed event; `{start}`, `{end}`, `{zone}`.
    pub hours: &'static str,
    /// A start time only; `{start}`, `{zone}`.
    pub hour: &'static str,
    /// Feeds: a tentative event's date; no hole.
    pub feed_date_tbc: &'static str,
    /// Feeds: a month-only event; `{m}` (long), `{y}`.
    pub feed_month: &'static str,
    /// Feeds: a tentative month-only event; `{m}` (long), `{y}`.
    pub feed_month_tbc: &'static str,
    /// Feeds: the time as written; `{hours}` (from `hours` or `hour`, without zone), `{zone}`.
    pub feed_time: &'static str,
    /// Feeds: the organisers; `{names}`.
    pub feed_organisers: &'static str,
    /// Feeds: the event's website; `{url}`.
    pub feed_website: &'static str,
    /// Feeds: the event's page; `{url}`.
    pub feed_more: &'static str,
}

/// English, as the printed brochure writes it. The names are CLDR's English ones, as
/// chrono's `%B`, `%b` and `%A` give them (a test holds them to that).
pub const ENGLISH: Locale = Locale {
    code: "en",
    name: "English",
    months: [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
    months_short: [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ],
    weekdays: ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
    weekdays_short: ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"],
    short: DatePatterns {
        day: "{d} {m}",
        days_in_month: "{d}-{d2} {m}",
        days_across_months: "{d} {m} – {d2} {m2}",
        days_across_years: "{d} {m} {y} – {d2} {m2} {y2}",
        month: "{m}",
        year: "{y}",
    },
    long: DatePatterns {
        day: "{wd} {d} {m} {y}",
        days_in_month: "{d}–{d2} {m} {y}",
        days_across_months: "{d} {m} – {d2} {m2} {y}",
        days_across_years: "{d} {m} {y} – {d2} {m2} {y2}",
        month: "{m} {y}",
        year: "{y}",
    },
    words: Phrases {
        tbc: "(tbc) {date}",
        undated: "Dates to be confirmed",
        undated_in_year: "Dates to be confirmed in {y}",
        undated_short: "TBC",
        month_in_year: "{m} {y}",
        carried_over: "{heading}, from the {y} edition",
        hours: "{start}–{end} {zone}",
        hour: "{start} {zone}",
        feed_date_tbc: "Date: to be confirmed.",
        feed_month: "Date: some time in {m} {y} (the day is not known yet).",
        feed_month_tbc: "Date: to be confirmed, some time in {m} {y} (the day is not known yet).",
        feed_time: "Time: {hours} ({zone}).",
        feed_organisers: "Organised by: {names}",
        feed_website: "Website: {url}",
        feed_more: "More: {url}",
    },
    features: crate::feature_words::ENGLISH,
};

/// The languages built in.
pub const BUILT_IN: [&Locale; 3] = [&ENGLISH, &FRENCH, &SPANISH];

impl Locale {
    /// The built-in locale of a language (`fr`, `fr-CA` and `fr_BE` are French), if
    /// there is one.
    pub fn built_in(language: &str) -> Option<&'static Locale> {
        let primary = language.split(['-', '_']).next().unwrap_or_default().to_ascii_lowercase();
        BUILT_IN.into_iter().find(|l| l.code == primary)
    }

    /// The locale of a calendar's language: a built-in one, else English's names and
    /// patterns, the pages' words coming from the language's `i18n/<code>.toml`.
    pub fn of(language: &str) -> &'static Locale {
        Locale::built_in(language).unwrap_or(&ENGLISH)
    }

    /// A heading's text: its first letter a capital, as French and Spanish headings have
    /// it though month names are lower case inside a sentence (CLDR's stand-alone
    /// capitalisation).
    pub fn heading(text: &str) -> String {
        let mut chars = text.chars();
        match chars.next() {
            Some(first) => first.to_uppercase().chain(chars).collect(),
            None => String::new(),
        }
    }

    /// A month's heading with its year: `February 2021`, `Février 2021`, `Febrero de 2021`.
    pub fn month_heading(&self, month: u32, year: i32) -> String {
        let name = self.month(month);
        Locale::heading(&fill(self.words.month_in_year, &[("m", name), ("y", &year.to_string())]))
    }

    /// A month's name, 1-12.
    pub fn month(&self, month: u32) -> &'static str {
        self.months[(month as usize).saturating_sub(1) % 12]
    }

    /// A month's short name, 1-12.
    pub fn month_short(&self, month: u32) -> &'static str {
        self.months_short[(month as usize).saturating_sub(1) % 12]
    }

    /// The hours of a timed event as readers see them: `09:00–10:30 (Europe/Madrid)`.
    pub fn hours(
        &self,
        start: chrono::NaiveTime,
        end: Option<chrono::NaiveTime>,
        zone: &str,
    ) -> String {
        let start = clock(start);
        match end {
            Some(end) => {
                fill(self.words.hours, &[("start", &start), ("end", &clock(end)), ("zone", zone)])
            }
            None => fill(self.words.hour, &[("start", &start), ("zone", zone)]),
        }
    }
}

/// A time of day on the 24-hour clock, `09:00`, as every language of the network writes it.
pub fn clock(t: chrono::NaiveTime) -> String {
    use chrono::Timelike;
    format!("{:02}:{:02}", t.hour(), t.minute())
}

/// A pattern with its holes (`{name}`) filled; a hole without a value is left as written.
pub fn fill(pattern: &str, values: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(pattern.len() + 16);
    let mut rest = pattern;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let hole = after.find('}').map(|close| (&after[..close], &after[close + 1..]));
        match hole.and_then(|(name, tail)| {
            values.iter().find(|(n, _)| *n == name).map(|(_, v)| (*v, tail))
        }) {
            Some((value, tail)) => {
                out.push_str(value);
                rest = tail;
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    /// The English names are chrono's (CLDR's) English names, so that the table issue 17
    /// adds for French and Spanish can come from the same source.
    #[test]
    fn english_names_are_chronos() {
        for m in 1..=12 {
            let day = NaiveDate::from_ymd_opt(2021, m, 1).unwrap();
            assert_eq!(ENGLISH.month(m), day.format("%B").to_string());
            assert_eq!(ENGLISH.month_short(m), day.format("%b").to_string());
        }
        // 2021-03-01 is a Monday.
        for (i, name) in ENGLISH.weekdays.iter().enumerate() {
            let day = NaiveDate::from_ymd_opt(2021, 3, 1 + i as u32).unwrap();
            assert_eq!(*name, day.format("%A").to_string());
            assert_eq!(ENGLISH.weekdays_short[i], day.format("%a").to_string());
        }
    }

    /// French and Spanish names are the data chrono's locales use (`pure-rust-locales`):
    /// chrono's `%B` and `%A` in `fr_FR` and `es_ES` give the same; Spanish abbreviations
    /// are glibc's with the period CLDR and the RAE write.
    #[test]
    fn french_and_spanish_names_come_from_the_locale_data() {
        use pure_rust_locales::{es_ES, fr_FR};
        assert_eq!(FRENCH.months.as_slice(), fr_FR::LC_TIME::MON);
        assert_eq!(FRENCH.months_short.as_slice(), fr_FR::LC_TIME::ABMON);
        assert_eq!(SPANISH.months.as_slice(), es_ES::LC_TIME::MON);
        for (short, glibc) in SPANISH.months_short.iter().zip(es_ES::LC_TIME::ABMON) {
            assert_eq!(*short, format!("{glibc}."));
        }
        assert_eq!(FRENCH.weekdays[0], "lundi");
        assert_eq!(SPANISH.weekdays[6], "domingo");
        assert_eq!((FRENCH.month(2), FRENCH.month_short(2)), ("février", "févr."));
    }

    #[test]
    fn languages_are_chosen_by_their_primary_code() {
        let code = |l: &str| Locale::of(l).code;
        let cases = [("en", "en"), ("fr", "fr"), ("fr-CA", "fr"), ("ES", "es"), ("de", "en")];
        for (language, expected) in cases {
            assert_eq!(code(language), expected, "{language}");
        }
        assert!(Locale::built_in("de").is_none());
        assert_eq!(Locale::heading("février 2021"), "Février 2021");
        assert_eq!(Locale::heading(""), "");
    }

    #[test]
    fn patterns_are_filled() {
        type Case<'a> = (&'a str, &'a [(&'a str, &'a str)], &'a str);
        let cases: &[Case] = &[
            ("{d} {m}", &[("d", "16"), ("m", "Feb")], "16 Feb"),
            (
                "{wd}, {d} de {m} de {y}",
                &[("wd", "martes"), ("d", "16"), ("m", "febrero"), ("y", "2021")],
                "martes, 16 de febrero de 2021",
            ),
            ("{d}-{d2} {m}", &[("d", "1"), ("d2", "2"), ("m", "févr.")], "1-2 févr."),
            ("{unknown} {d", &[("d", "1")], "{unknown} {d"),
            ("no holes", &[], "no holes"),
            ("{d}{d}", &[("d", "é")], "éé"),
        ];
        for (pattern, values, expected) in cases {
            assert_eq!(fill(pattern, values), *expected, "{pattern:?}");
        }
    }

    #[test]
    fn hours() {
        let t = |h, m| chrono::NaiveTime::from_hms_opt(h, m, 0).unwrap();
        assert_eq!(ENGLISH.hours(t(9, 0), Some(t(10, 30)), "CET"), "09:00–10:30 CET");
        assert_eq!(ENGLISH.hours(t(9, 5), None, "UTC"), "09:05 UTC");
    }
}

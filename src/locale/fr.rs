//! French, as the network's French brochures write it.

use pure_rust_locales::fr_FR::LC_TIME::{ABDAY, ABMON, DAY, MON};

use super::{Locale, Phrases};

/// French: names from CLDR-aligned glibc data (`pure-rust-locales`, the data behind
/// chrono's locales); French typography's no-break space before `:` in the feeds' text.
pub const FRENCH: Locale = Locale {
    code: "fr",
    name: "Français",
    months: [
        MON[0], MON[1], MON[2], MON[3], MON[4], MON[5], MON[6], MON[7], MON[8], MON[9], MON[10],
        MON[11],
    ],
    months_short: [
        ABMON[0], ABMON[1], ABMON[2], ABMON[3], ABMON[4], ABMON[5], ABMON[6], ABMON[7], ABMON[8],
        ABMON[9], ABMON[10], ABMON[11],
    ],
    weekdays: [DAY[1], DAY[2], DAY[3], DAY[4], DAY[5], DAY[6], DAY[0]],
    weekdays_short: [ABDAY[1], ABDAY[2], ABDAY[3], ABDAY[4], ABDAY[5], ABDAY[6], ABDAY[0]],
    // Dates are written as in English: `15-22 févr.`, `mardi 16 février 2021`.
    short: super::ENGLISH.short,
    long: super::ENGLISH.long,
    words: Phrases {
        tbc: "(à conf.) {date}",
        undated: "Dates à confirmer",
        undated_in_year: "Dates à confirmer en {y}",
        undated_short: "À conf.",
        month_in_year: "{m} {y}",
        carried_over: "{heading}, de l’édition {y}",
        hours: "{start}–{end} {zone}",
        hour: "{start} {zone}",
        feed_date_tbc: "Date\u{a0}: à confirmer.",
        feed_month: "Date\u{a0}: en {m} {y} (le jour n’est pas encore connu).",
        feed_month_tbc: "Date\u{a0}: à confirmer, en {m} {y} (le jour n’est pas encore connu).",
        feed_time: "Heure\u{a0}: {hours} ({zone}).",
        feed_organisers: "Organisé par\u{a0}: {names}",
        feed_website: "Site web\u{a0}: {url}",
        feed_more: "Plus d’informations\u{a0}: {url}",
    },
    features: crate::feature_words::FRENCH,
};

//! Spanish, as the network's Spanish brochures write it.

use pure_rust_locales::es_ES::LC_TIME::{ABDAY, DAY, MON};

use super::{DatePatterns, Locale, Phrases};

/// Spanish: names from CLDR-aligned glibc data (`pure-rust-locales`, the data behind
/// chrono's locales). Abbreviated months take the period the RAE and CLDR give them
/// (`feb.`), which glibc's `ABMON` leaves out: a test holds them to glibc's plus the period.
pub const SPANISH: Locale = Locale {
    code: "es",
    name: "Español",
    months: [
        MON[0], MON[1], MON[2], MON[3], MON[4], MON[5], MON[6], MON[7], MON[8], MON[9], MON[10],
        MON[11],
    ],
    months_short: [
        "ene.", "feb.", "mar.", "abr.", "may.", "jun.", "jul.", "ago.", "sep.", "oct.", "nov.",
        "dic.",
    ],
    weekdays: [DAY[1], DAY[2], DAY[3], DAY[4], DAY[5], DAY[6], DAY[0]],
    weekdays_short: [ABDAY[1], ABDAY[2], ABDAY[3], ABDAY[4], ABDAY[5], ABDAY[6], ABDAY[0]],
    // Lists write dates as in English: `15-22 feb.`.
    short: super::ENGLISH.short,
    long: DatePatterns {
        day: "{wd}, {d} de {m} de {y}",
        days_in_month: "{d}–{d2} de {m} de {y}",
        days_across_months: "{d} de {m} – {d2} de {m2} de {y}",
        days_across_years: "{d} de {m} de {y} – {d2} de {m2} de {y2}",
        month: "{m} de {y}",
        year: "{y}",
    },
    words: Phrases {
        tbc: "(por conf.) {date}",
        undated: "Fechas por confirmar",
        undated_in_year: "Fechas por confirmar en {y}",
        undated_short: "Por conf.",
        month_in_year: "{m} de {y}",
        carried_over: "{heading}, de la edición de {y}",
        hours: "{start}–{end} {zone}",
        hour: "{start} {zone}",
        feed_date_tbc: "Fecha: por confirmar.",
        feed_month: "Fecha: en algún momento de {m} de {y} (aún no se conoce el día).",
        feed_month_tbc: "Fecha: por confirmar, en algún momento de {m} de {y} (aún no se conoce el día).",
        feed_time: "Hora: {hours} ({zone}).",
        feed_organisers: "Organizado por: {names}",
        feed_website: "Sitio web: {url}",
        feed_more: "Más información: {url}",
    },
    features: crate::feature_words::SPANISH,
};

//! The grammar against docs/format.md's tables, error by error, and the display round trip.

use super::*;
use crate::locale::ENGLISH;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}
fn day(y: i32, m: u32, dd: u32) -> When {
    When::Day(d(y, m, dd))
}
fn span(a: (i32, u32, u32), b: (i32, u32, u32)) -> When {
    When::Range(d(a.0, a.1, a.2), d(b.0, b.1, b.2))
}
fn month(year: i32, month: u32) -> When {
    When::Month(YearMonth { year, month })
}

/// Every example of `docs/format.md`'s table, then our own, with the default year 2021.
#[test]
fn grammar_table() {
    let cases: &[(&str, When, bool)] = &[
        // day
        ("16 Feb", day(2021, 2, 16), false),
        ("16 February 2021", day(2021, 2, 16), false),
        ("Feb 16", day(2021, 2, 16), false),
        ("February 16, 2021", day(2021, 2, 16), false),
        ("7th Oct", day(2021, 10, 7), false),
        ("2021-02-16", day(2021, 2, 16), false),
        // range in a month
        ("15-22 Feb", span((2021, 2, 15), (2021, 2, 22)), false),
        ("15 – 22 February", span((2021, 2, 15), (2021, 2, 22)), false),
        ("Feb 15-22", span((2021, 2, 15), (2021, 2, 22)), false),
        ("from 9 to 11 February", span((2021, 2, 9), (2021, 2, 11)), false),
        ("November 8th to 13th, 2021", span((2021, 11, 8), (2021, 11, 13)), false),
        ("June 10th-11", span((2021, 6, 10), (2021, 6, 11)), false),
        // range across months
        ("31 Aug - 2 Sep", span((2021, 8, 31), (2021, 9, 2)), false),
        ("31 August – 02 September", span((2021, 8, 31), (2021, 9, 2)), false),
        ("Aug 31 - Sep 2", span((2021, 8, 31), (2021, 9, 2)), false),
        ("11 June – 06 July", span((2021, 6, 11), (2021, 7, 6)), false),
        // range across years
        ("28 Dec 2021 - 3 Jan 2022", span((2021, 12, 28), (2022, 1, 3)), false),
        ("28 Dec - 3 Jan", span((2021, 12, 28), (2022, 1, 3)), false),
        ("28 Dec - 3 Jan 2022", span((2021, 12, 28), (2022, 1, 3)), false),
        ("28 Dec 2021 - 3 Jan", span((2021, 12, 28), (2022, 1, 3)), false),
        // ISO interval
        ("2021-02-15/2021-02-22", span((2021, 2, 15), (2021, 2, 22)), false),
        // month only
        ("Apr", month(2021, 4), false),
        ("April 2021", month(2021, 4), false),
        // to be confirmed
        ("(tbc) Apr", month(2021, 4), true),
        ("Apr (tbc)", month(2021, 4), true),
        ("tbc April", month(2021, 4), true),
        ("(TBC) 12 May", day(2021, 5, 12), true),
        ("(tbd) 3-4 Jun", span((2021, 6, 3), (2021, 6, 4)), true),
        // decided cases
        ("15-15 Feb", day(2021, 2, 15), false),
        // our own: leap years, spellings, dashes, spaces, case
        ("29 Feb 2024", day(2024, 2, 29), false),
        ("28 Feb - 1 Mar 2024", span((2024, 2, 28), (2024, 3, 1)), false),
        ("1 Sept", day(2021, 9, 1), false),
        ("Sept. 1st - 3rd", span((2021, 9, 1), (2021, 9, 3)), false),
        ("2nd—4th March", span((2021, 3, 2), (2021, 3, 4)), false),
        ("31 August—02 September", span((2021, 8, 31), (2021, 9, 2)), false),
        ("  15   -   22    feb  ", span((2021, 2, 15), (2021, 2, 22)), false),
        ("15-22 FEB", span((2021, 2, 15), (2021, 2, 22)), false),
        ("DECEMBER 2022", month(2022, 12), false),
        ("( tbc ) oct", month(2021, 10), true),
        ("23rd Mar", day(2021, 3, 23), false),
        ("15\u{a0}Feb", day(2021, 2, 15), false),
        ("from 2021-12-30 to 2022-01-02", span((2021, 12, 30), (2022, 1, 2)), false),
        ("Dec 30, 2021 - Jan 2, 2022", span((2021, 12, 30), (2022, 1, 2)), false),
        ("9 Feb 2020", day(2020, 2, 9), false),
        // More forms: French and Spanish months, with or without accents, connectors
        ("15-22 février", span((2021, 2, 15), (2021, 2, 22)), false),
        ("15-22 fevrier", span((2021, 2, 15), (2021, 2, 22)), false),
        ("1er mars", day(2021, 3, 1), false),
        ("du 15 au 22 févr.", span((2021, 2, 15), (2021, 2, 22)), false),
        ("31 août – 2 septembre", span((2021, 8, 31), (2021, 9, 2)), false),
        ("31 aout - 2 sept.", span((2021, 8, 31), (2021, 9, 2)), false),
        ("15 de febrero de 2021", day(2021, 2, 15), false),
        ("del 15 al 22 de febrero", span((2021, 2, 15), (2021, 2, 22)), false),
        ("sept. 2021", month(2021, 9), false),
        ("(à confirmer) avril", month(2021, 4), true),
        ("(a confirmer) avril", month(2021, 4), true),
        ("abril (por confirmar)", month(2021, 4), true),
        ("3 Fév", day(2021, 2, 3), false),
        ("12 julio", day(2021, 7, 12), false),
        ("1 août", day(2021, 8, 1), false),
        ("el 3 de ene. de 2022", day(2022, 1, 3), false),
        ("le 14 juillet", day(2021, 7, 14), false),
        ("1re juin", day(2021, 6, 1), false),
        ("2 dic - 5 ene", span((2021, 12, 2), (2022, 1, 5)), false),
        ("desde 1 hasta 3 mayo", span((2021, 5, 1), (2021, 5, 3)), false),
        // a day range that starts in the month before
        ("24-2 Jul", span((2021, 6, 24), (2021, 7, 2)), false),
        ("24-2 Julio", span((2021, 6, 24), (2021, 7, 2)), false),
        ("28-3 March", span((2021, 2, 28), (2021, 3, 3)), false),
        ("18-31 Jan", span((2021, 1, 18), (2021, 1, 31)), false),
        ("20-2 Jul", span((2021, 6, 20), (2021, 7, 2)), false),
        ("24-2 Jan", span((2021, 12, 24), (2022, 1, 2)), false),
        ("24-2 Jan 2022", span((2021, 12, 24), (2022, 1, 2)), false),
        // dates to be confirmed, no month known
        ("Dates to be confirmed", When::Year(2021), true),
        ("date tbc", When::Year(2021), true),
        ("TBC", When::Year(2021), true),
        ("TBC 2014", When::Year(2014), true),
        ("dates à confirmer", When::Year(2021), true),
        ("fechas por confirmar", When::Year(2021), true),
        ("(tbc)", When::Year(2021), true),
        ("(tbc) 2022", When::Year(2022), true),
        ("Date to be determined, 2023", When::Year(2023), true),
        // Forms found in real calendars of other networks
        ("13-November-2022", day(2022, 11, 13), false),
        ("07-Feb-2026", day(2026, 2, 7), false),
        ("7-févr-2026", day(2026, 2, 7), false),
        ("13-Nov-2022 - 15-Nov-2022", span((2022, 11, 13), (2022, 11, 15)), false),
        ("15/02/2022", day(2022, 2, 15), false),
        ("15.02.2022", day(2022, 2, 15), false),
        ("5/2/2022", day(2022, 2, 5), false),
        ("03/04/2022", day(2022, 4, 3), false),
        ("04/04/2022", day(2022, 4, 4), false),
        ("15/02/2022 - 17/02/2022", span((2022, 2, 15), (2022, 2, 17)), false),
        ("(tbc) 15.02.2022", day(2022, 2, 15), true),
        ("30-1 June", span((2021, 5, 30), (2021, 6, 1)), false),
    ];
    for (input, when, tentative) in cases {
        let got = parse(input, Some(2021));
        assert_eq!(got, Ok(DateExpr::new(*when, *tentative)), "parsing {input:?}");
    }
}

/// Forms that could mean something else are read one way, with a warning that says
/// which (its message and help) and points at the form.
#[test]
fn readings_with_a_warning() {
    let cases: &[(&str, When, &str, &str, &str)] = &[
        (
            "03/04/2022",
            day(2022, 4, 3),
            "`03/04/2022` is read day first, as 3 April 2022",
            "if it is 4 March 2022, write `4 Mar 2022`; write `3 Apr 2022` to keep this reading without a warning",
            "03/04/2022",
        ),
        (
            "30-1 June",
            span((2021, 5, 30), (2021, 6, 1)),
            "`30-1 June` is read as 30 May – 1 June 2021",
            "if it is 30 June – 1 July, write `30 Jun - 1 Jul`; write `30 May - 1 Jun` to keep this reading without a warning",
            "30-1 June",
        ),
        (
            "(tbc) 24-2 Jan 2022",
            span((2021, 12, 24), (2022, 1, 2)),
            "`24-2 Jan 2022` is read as 24 December – 2 January 2022",
            "if it is 24 January – 2 February, write `24 Jan - 2 Feb`; write `24 Dec 2021 - 2 Jan 2022` to keep this reading without a warning",
            "24-2 Jan 2022",
        ),
        (
            "15 Jan, 10:00-11:00 CEST",
            day(2021, 1, 15),
            "`CEST` is summer time, but on 15 January 2021 Europe/Brussels is on winter time (CET, UTC+01)",
            "the hours are read as Europe/Brussels time that day (CET); write `CET` to say so, or `UTC+02` if they are at that offset",
            "CEST",
        ),
        (
            "1 Dec 2021 19:00 (EDT)",
            day(2021, 12, 1),
            "`EDT` is summer time, but on 1 December 2021 America/New_York is on winter time (EST, UTC-05)",
            "the hours are read as America/New_York time that day (EST); write `EST` to say so, or `UTC-04` if they are at that offset",
            "EDT",
        ),
        (
            "9h CET, 1 juillet",
            day(2021, 7, 1),
            "`CET` is winter time, but on 1 July 2021 Europe/Brussels is on summer time (CEST, UTC+02)",
            "the hours are read as Europe/Brussels time that day (CEST); write `CEST` to say so, or `UTC+01` if they are at that offset",
            "CET",
        ),
    ];
    for (input, when, message, help, at) in cases {
        let noted = parse_noted(input, Some(2021)).unwrap();
        assert_eq!(noted.date.when, *when, "{input:?}");
        let [warning] = noted.warnings.as_slice() else {
            panic!("one warning for {input:?}: {:?}", noted.warnings);
        };
        assert_eq!(
            (
                warning.to_string().as_str(),
                warning.kind.help().unwrap().as_str(),
                &input[warning.span.clone()]
            ),
            (*message, *help, *at),
            "{input:?}"
        );
    }
    // The same forms written plainly, or with one reading only, warn of nothing.
    for plain in [
        "3 Apr 2022",
        "15/02/2022",
        "04/04/2022",
        "30 May - 1 Jun",
        "30-1 Feb",
        "15 Jan 10:00 CET",
        "15 Jan 10:00 Europe/Brussels",
        "15 Jan 10:00 UTC+2",
        "9 Oct 2024 19:00 EDT",
    ] {
        assert_eq!(parse_noted(plain, Some(2021)).unwrap().warnings, [], "{plain:?}");
    }
}

/// The year written in the expression wins over the default; without one, the default.
#[test]
fn year_comes_from_context_only_when_missing() {
    assert_eq!(parse("16 Feb", Some(2023)).unwrap().when, day(2023, 2, 16));
    assert_eq!(parse("16 Feb 2021", Some(2023)).unwrap().when, day(2021, 2, 16));
    assert_eq!(parse("2021-02-16", None).unwrap().when, day(2021, 2, 16));
    assert_eq!(parse("April 2021", None).unwrap().when, month(2021, 4));
}

fn err(input: &str) -> (DateErrorKind, &str) {
    let e = parse(input, Some(2021)).expect_err(input);
    (e.kind, &input[e.span])
}

/// Each kind of error, with the part of the input it points at.
#[test]
fn error_table() {
    use DateErrorKind::*;
    let cases: Vec<(&str, DateErrorKind, &str)> = vec![
        ("31 Feb", NoSuchDay { day: 31, month: 2, year: 2021 }, "31 Feb"),
        ("29 Feb 2021", NoSuchDay { day: 29, month: 2, year: 2021 }, "29 Feb 2021"),
        ("2021-02-31", NoSuchDay { day: 31, month: 2, year: 2021 }, "2021-02-31"),
        ("2021-13-01", NotADate { text: "2021-13-01".into() }, "2021-13-01"),
        ("22-15 Feb", Reversed { start: d(2021, 2, 22), end: d(2021, 2, 15) }, "22-15 Feb"),
        (
            "3 Jan 2022 - 28 Dec 2021",
            Reversed { start: d(2022, 1, 3), end: d(2021, 12, 28) },
            "3 Jan 2022 - 28 Dec 2021",
        ),
        ("Fbe 3", UnknownWord { word: "Fbe".into(), suggestion: Some("Feb") }, "Fbe"),
        (
            "3 Febuary",
            UnknownWord { word: "Febuary".into(), suggestion: Some("February") },
            "Febuary",
        ),
        ("3 Smarch", UnknownWord { word: "Smarch".into(), suggestion: Some("March") }, "Smarch"),
        ("3 Fébr", UnknownWord { word: "Fébr".into(), suggestion: Some("Feb") }, "Fébr"),
        ("soon", UnknownWord { word: "soon".into(), suggestion: None }, "soon"),
        ("", Empty, ""),
        ("   ", Empty, "   "),
        ("09:00 - 10:30 CET", HoursWithoutDay, "09:00 - 10:30 CET"),
        ("date", NotADate { text: "date".into() }, "date"),
        ("date 16 Feb", NotADate { text: "date".into() }, "date"),
        ("(tbc) 0000", YearOutOfRange { year: 0 }, "0000"),
        // a day range over 14 days is not read as starting the month before
        ("17-1 Jul", Reversed { start: d(2021, 7, 17), end: d(2021, 7, 1) }, "17-1 Jul"),
        // a year on the first day alone puts it after the end (found by the fuzzer)
        (
            "28 2022 - 3 Jan 2022",
            Reversed { start: d(2022, 1, 28), end: d(2022, 1, 3) },
            "28 2022 - 3 Jan 2022",
        ),
        // … and one that would start on a day the month before does not have
        (
            "31-2 Jul",
            NoDayBefore {
                text: "31-2 Jul".into(),
                day: 31,
                month: 6,
                year: 2021,
                other: (d(2021, 7, 31), d(2021, 8, 2)),
            },
            "31-2 Jul",
        ),
        (
            "31-03 May",
            NoDayBefore {
                text: "31-03 May".into(),
                day: 31,
                month: 4,
                year: 2021,
                other: (d(2021, 5, 31), d(2021, 6, 3)),
            },
            "31-03 May",
        ),
        ("30-31 Apr", NoSuchDay { day: 31, month: 4, year: 2021 }, "31 Apr"),
        // issue 13: `1 Jan -5` is refused, not silently 1-5 Jan
        ("1 Jan -5", EndWithoutMonth { end: "5".into(), same_month: "1-5 Jan".into() }, "5"),
        ("1 Jan 2022 - 5", EndWithoutMonth { end: "5".into(), same_month: "1-5 Jan".into() }, "5"),
        // hours in the date
        ("9 March 25:00", BadTime { text: "25:00".into() }, "25:00"),
        ("9 March 10:30-09:00 CET", BadTime { text: "10:30-09:00".into() }, "10:30-09:00"),
        ("9 March 09:00 HKT", UnknownZone { zone: "HKT".into() }, "HKT"),
        (
            "9 March 09:00 CST",
            AmbiguousZone {
                zone: "CST".into(),
                zones: &["America/Chicago", "Asia/Shanghai", "America/Havana"],
            },
            "CST",
        ),
        (
            "9 March 09:00 (ist)",
            AmbiguousZone {
                zone: "IST".into(),
                zones: &["Asia/Kolkata", "Europe/Dublin", "Asia/Jerusalem"],
            },
            "ist",
        ),
        ("9 March 09:00 +15", BadOffset { offset: "+15".into() }, "+15"),
        ("9 March 19:00:30", Seconds { text: "19:00:30".into() }, "19:00:30"),
        ("9 March 19:00-21:00:30", Seconds { text: "21:00:30".into() }, "21:00:30"),
        ("9 March 21:00-19:00", BadTime { text: "21:00-19:00".into() }, "21:00-19:00"),
        ("9h-10h, 9-10 March", TimeNotOnDay { what: "a range of days" }, "9h-10h"),
        (
            "9 March 09:00 (Europe/Pariss)",
            UnknownZone { zone: "Europe/Pariss".into() },
            "Europe/Pariss",
        ),
        ("9-10 March 09:00 CET", TimeNotOnDay { what: "a range of days" }, "09:00"),
        ("March 09:00", TimeNotOnDay { what: "a month" }, "09:00"),
        ("TBC 09:00", TimeNotOnDay { what: "a year" }, "09:00"),
        ("32 Jan", NotADay { number: "32".into() }, "32"),
        ("0 Jan", NotADay { number: "0".into() }, "0"),
        ("16", NotADate { text: "16".into() }, "16"),
        ("2021", NotADate { text: "2021".into() }, "2021"),
        ("Feb 16 17", NotADate { text: "Feb 16 17".into() }, "Feb 16 17"),
        ("Apr - May", MonthRange, "Apr - May"),
        ("15-22", NotADate { text: "15-22".into() }, "15-22"),
        ("15-22-23 Feb", Unexpected { found: "-".into() }, "-"),
        ("15 Feb -", Unexpected { found: "-".into() }, "-"),
        ("16/02", Unexpected { found: "/".into() }, "/"),
        // numeric dates are day first
        (
            "02/15/2022",
            NotDayFirst { text: "02/15/2022".into(), month: 15, other: d(2022, 2, 15) },
            "02/15/2022",
        ),
        ("31/04/2022", NoSuchDay { day: 31, month: 4, year: 2022 }, "31/04/2022"),
        ("13/13/2022", NotADate { text: "13/13/2022".into() }, "13/13/2022"),
        ("0.1.2022", NotADate { text: "0.1.2022".into() }, "0.1.2022"),
        ("15/02/0000", YearOutOfRange { year: 0 }, "15/02/0000"),
        ("31-Feb-2022", NoSuchDay { day: 31, month: 2, year: 2022 }, "31-Feb-2022"),
        ("15 Feb / 16 Feb", Unexpected { found: "/".into() }, "/"),
        ("16 Feb!", Unexpected { found: "!".into() }, "!"),
        ("2 Dec - 2 Jan 0000", YearOutOfRange { year: -1 }, "2 Dec"),
        ("28 Dec 9999 - 3 Jan", YearOutOfRange { year: 10000 }, "3 Jan"),
        ("Apr 0000", YearOutOfRange { year: 0 }, "Apr 0000"),
        ("0000-01-01", YearOutOfRange { year: 0 }, "0000-01-01"),
        ("(soon) Apr", Unexpected { found: "(".into() }, "("),
        ("16 from Feb", Unexpected { found: "from".into() }, "from"),
        // a hyphenated day and month that end the text (found by the fuzzer: a panic)
        ("24-Julio", NotADate { text: "24-Julio".into() }, "24-Julio"),
        ("24-2 24-Julio", Unexpected { found: "-".into() }, "-"),
        // four bytes after a sign, not four digits (found by the fuzzer: a panic)
        ("1 Jan 10:00 -fé3", UnknownZone { zone: "-fé3".into() }, "-fé3"),
        ("0:12-fé3", UnknownWord { word: "fé".into(), suggestion: Some("Feb") }, "fé"),
    ];
    for (input, kind, at) in cases {
        assert_eq!(err(input), (kind, at), "parsing {input:?}");
    }
    let missing = parse("16 Feb", None).unwrap_err();
    assert_eq!((missing.kind, missing.span), (MissingYear, 0..6));
    assert_eq!(parse("15-22 Feb", None).unwrap_err().kind, MissingYear);
    assert_eq!(parse("(tbc) Apr", None).unwrap_err().kind, MissingYear);
}

#[test]
fn error_messages_and_help() {
    let e = parse("31 Feb", Some(2021)).unwrap_err();
    assert_eq!(e.to_string(), "there is no 31 February in 2021");
    assert_eq!(e.kind.help().unwrap(), "February 2021 has 28 days");
    let e = parse("Fbe 3", Some(2021)).unwrap_err();
    assert_eq!(e.to_string(), "unknown month `Fbe`");
    assert_eq!(e.kind.help().unwrap(), "did you mean `Feb`?");
    let e = parse("22-15 Feb", Some(2021)).unwrap_err();
    assert_eq!(e.to_string(), "the range ends (2021-02-15) before it starts (2021-02-22)");
}

/// Forms the calendar cannot show, each with the form to write instead: message, help,
/// and the part of the input pointed at.
#[test]
fn refused_forms_show_what_to_write() {
    let cases: &[(&str, &str, &str, &str)] = &[
        (
            "Q3 2021",
            "a quarter (`Q3`) is not a date this calendar can show",
            "write the month it starts in, to be confirmed: `(tbc) Jul`",
            "Q3",
        ),
        (
            "q1 2022",
            "a quarter (`Q1`) is not a date this calendar can show",
            "write the month it starts in, to be confirmed: `(tbc) Jan 2022`",
            "q1",
        ),
        (
            "early May",
            "`early` is not a date this calendar can show",
            "write the month, to be confirmed: `(tbc) May`",
            "early",
        ),
        (
            "mid-June 2022",
            "`mid` is not a date this calendar can show",
            "write the month, to be confirmed: `(tbc) Jun 2022`",
            "mid",
        ),
        (
            "fin juin",
            "`fin` is not a date this calendar can show",
            "write the month, to be confirmed: `(tbc) Jun`",
            "fin",
        ),
        (
            "late",
            "`late` is not a date this calendar can show",
            "write the month, to be confirmed, such as `(tbc) May`",
            "late",
        ),
        (
            "week of 12 April",
            "a week is not a date this calendar can show",
            "write its days: `12-16 Apr`",
            "week",
        ),
        (
            "semaine du 29 mars",
            "a week is not a date this calendar can show",
            "write its days: `29 Mar – 2 Apr`",
            "semaine",
        ),
        (
            "week of week of 1 May",
            "a week is not a date this calendar can show",
            "write its days, such as `12-16 Apr`",
            "week",
        ),
        (
            "2021-05-04T09:00",
            "`2021-05-04T09:00` is not a date this calendar can show",
            "write the date and the time apart: `4 May` with `time = \"09:00\"`",
            "2021-05-04T09:00",
        ),
        (
            "2022-05-04T09:00:00",
            "`2022-05-04T09:00:00` is not a date this calendar can show",
            "write the date and the time apart: `4 May 2022` with `time = \"09:00\"`",
            "2022-05-04T09:00:00",
        ),
        (
            "22-15 Feb",
            "the range ends (2021-02-15) before it starts (2021-02-22)",
            "write the first day first, as in `15-22 Feb`, or, if it starts the month before, `22 Jan - 15 Feb`",
            "22-15 Feb",
        ),
        (
            "31-03 May",
            "there is no 31 April 2021 for `31-03 May` to start on",
            "if it is 31 May – 3 June, write `31 May - 3 Jun`",
            "31-03 May",
        ),
        (
            "02/15/2022",
            "`02/15/2022` is not a date read day first (there is no month 15)",
            "numeric dates are day first; if it is 15 February 2022, write `15 Feb 2022`",
            "02/15/2022",
        ),
        (
            "9 March 09:00 CST",
            "`CST` is the name of several time zones",
            "write the zone's IANA name, such as `America/Chicago`, `Asia/Shanghai` or `America/Havana`",
            "CST",
        ),
        (
            "9 March 09:00 +15",
            "`+15` is not an offset from UTC that a zone has",
            "an offset is at most 14 hours from UTC, such as `-03`, `+05:30` or `UTC+2`",
            "+15",
        ),
        (
            "9 March 19:00:30",
            "the time `19:00:30` has seconds",
            "write it to the minute, such as `19:00` (seconds of `:00` are left out)",
            "19:00:30",
        ),
        (
            "1 Jan -5",
            "the range's end `5` has no month",
            "write `1-5 Jan`, or give the end its month too",
            "5",
        ),
        (
            "9 March 09:00 HKT",
            "unknown time zone `HKT`",
            "write an IANA zone such as `Europe/Madrid`, an offset such as `UTC-03`, or one of UTC, GMT, CET, CEST, EET, EEST, WET, WEST, BST, EST, EDT, CDT, MST, MDT, PST, PDT, AEST, AEDT, NZST, NZDT",
            "HKT",
        ),
    ];
    for (input, message, help, at) in cases {
        let e = parse(input, Some(2021)).unwrap_err();
        assert_eq!(
            (e.to_string().as_str(), e.kind.help().unwrap().as_str(), &input[e.span]),
            (*message, *help, *at),
            "{input:?}"
        );
    }
}

/// Hours written in the date: a timed event on one day, its zone as written or none.
#[test]
fn hours_in_the_date() {
    use chrono_tz::Tz;
    let t = |h, m| NaiveTime::from_hms_opt(h, m, 0).unwrap();
    let named = |tz| Some(Zone::Named(tz));
    let fixed = |seconds| Some(Zone::Fixed(chrono::FixedOffset::east_opt(seconds).unwrap()));
    type Case = (&'static str, When, NaiveTime, Option<NaiveTime>, Option<Zone>);
    let cases: &[Case] = &[
        (
            "9 March, 09:00-10:30 CET",
            day(2021, 3, 9),
            t(9, 0),
            Some(t(10, 30)),
            named(Tz::Europe__Brussels),
        ),
        (
            "16 Feb 2021 09:00–10:30 Europe/Madrid",
            day(2021, 2, 16),
            t(9, 0),
            Some(t(10, 30)),
            named(Tz::Europe__Madrid),
        ),
        (
            "25 Feb, 9:00 - 10:30 (CET)",
            day(2021, 2, 25),
            t(9, 0),
            Some(t(10, 30)),
            named(Tz::Europe__Brussels),
        ),
        ("9 March 09:00", day(2021, 3, 9), t(9, 0), None, None),
        ("15 de febrero, 18:30 UTC", day(2021, 2, 15), t(18, 30), None, named(Tz::UTC)),
        (
            "(tbc) 1er mars 14:00-15:00 EEST",
            day(2021, 3, 1),
            t(14, 0),
            Some(t(15, 0)),
            named(Tz::Europe__Athens),
        ),
        // Forms found in real calendars of other networks: seconds, zone abbreviations,
        // offsets, French hours, hours before the day, a range of no length.
        (
            "2024-10-09 19:00:00-21:00:00 EDT",
            day(2024, 10, 9),
            t(19, 0),
            Some(t(21, 0)),
            named(Tz::America__New_York),
        ),
        ("12 Jan 2022 10:00 AEDT", day(2022, 1, 12), t(10, 0), None, named(Tz::Australia__Sydney)),
        ("3 Jul 09:00 PDT", day(2021, 7, 3), t(9, 0), None, named(Tz::America__Los_Angeles)),
        ("3 Jul 09:00 BST", day(2021, 7, 3), t(9, 0), None, named(Tz::Europe__London)),
        ("3 Jul 09:00 (NZST)", day(2021, 7, 3), t(9, 0), None, named(Tz::Pacific__Auckland)),
        ("3 Jul 09:00 CDT", day(2021, 7, 3), t(9, 0), None, named(Tz::America__Chicago)),
        ("3 Jul 09:00 MDT", day(2021, 7, 3), t(9, 0), None, named(Tz::America__Denver)),
        ("12 Mar 19:45-21:15 -03", day(2021, 3, 12), t(19, 45), Some(t(21, 15)), fixed(-3 * 3600)),
        ("12 Mar 09:00 +08:00", day(2021, 3, 12), t(9, 0), None, fixed(8 * 3600)),
        ("12 Mar 09:00 -03", day(2021, 3, 12), t(9, 0), None, fixed(-3 * 3600)),
        ("12 Mar 19:00 -03:00", day(2021, 3, 12), t(19, 0), None, fixed(-3 * 3600)),
        ("19:00 -03:00, 12 Mar", day(2021, 3, 12), t(19, 0), None, fixed(-3 * 3600)),
        (
            "12 Mar 19:00 - 21:00 -03:00",
            day(2021, 3, 12),
            t(19, 0),
            Some(t(21, 0)),
            fixed(-3 * 3600),
        ),
        ("12 Mar, 14:00 UTC+2", day(2021, 3, 12), t(14, 0), None, fixed(2 * 3600)),
        ("12 Mar, 14:00 (UTC+05:30)", day(2021, 3, 12), t(14, 0), None, fixed(19_800)),
        ("12 mai, 9h00 - 10h30", day(2021, 5, 12), t(9, 0), Some(t(10, 30)), None),
        ("9h00 - 10h30, 12 mai", day(2021, 5, 12), t(9, 0), Some(t(10, 30)), None),
        ("9h-10h30 12 mai", day(2021, 5, 12), t(9, 0), Some(t(10, 30)), None),
        ("12 mai 14h", day(2021, 5, 12), t(14, 0), None, None),
        ("14h CET, 12 mai", day(2021, 5, 12), t(14, 0), None, named(Tz::Europe__Brussels)),
        ("09:00-10:30, 12 May", day(2021, 5, 12), t(9, 0), Some(t(10, 30)), None),
        ("09:00 (CEST) 12 May", day(2021, 5, 12), t(9, 0), None, named(Tz::Europe__Brussels)),
        (
            "09:00-10:30 CET, 12 May",
            day(2021, 5, 12),
            t(9, 0),
            Some(t(10, 30)),
            named(Tz::Europe__Brussels),
        ),
        ("12 mai, 14h", day(2021, 5, 12), t(14, 0), None, None),
        ("19:00 -03, 12 May", day(2021, 5, 12), t(19, 0), None, fixed(-3 * 3600)),
        ("12 May 19:00-19:00", day(2021, 5, 12), t(19, 0), None, None),
        ("09:00 (tbc) 12 May", day(2021, 5, 12), t(9, 0), None, None),
        ("12 May 19:00:00", day(2021, 5, 12), t(19, 0), None, None),
    ];
    for (input, when, start, end, zone) in cases {
        let e = parse(input, Some(2021)).unwrap();
        assert_eq!(e.when, *when, "{input:?}");
        assert_eq!(e.hours, Some(Hours { start: *start, end: *end, zone: *zone }), "{input:?}");
    }
    assert_eq!(parse("16 Feb", Some(2021)).unwrap().hours, None);
}

/// The reader-facing form, as the brochure prints it.
#[test]
fn display_table() {
    let cases: &[(&str, &str)] = &[
        ("15-22 Feb", "15-22 Feb"),
        ("16 February 2021", "16 Feb"),
        ("31 August – 02 September", "31 Aug – 2 Sep"),
        ("(tbc) April", "(tbc) Apr"),
        ("Apr (TBD)", "(tbc) Apr"),
        ("November 8th to 13th, 2021", "8-13 Nov"),
        ("28 Dec - 3 Jan", "28 Dec 2021 – 3 Jan 2022"),
        ("2021-02-15/2021-02-22", "15-22 Feb"),
        ("(tbd) 3-4 Jun", "(tbc) 3-4 Jun"),
        ("7th Oct", "7 Oct"),
        ("15-15 Feb", "15 Feb"),
        ("24-2 Julio", "24 Jun – 2 Jul"),
        ("15 de febrero de 2021", "15 Feb"),
        ("du 15 au 22 févr.", "15-22 Feb"),
        ("Dates to be confirmed", "(tbc) 2021"),
        ("fechas por confirmar", "(tbc) 2021"),
        ("TBC 2014", "(tbc) 2014"),
        ("0212-02-15/2021-02-22", "15 Feb 0212 – 22 Feb 2021"),
    ];
    for (input, shown) in cases {
        assert_eq!(parse(input, Some(2021)).unwrap().to_string(), *shown, "{input:?}");
    }
    let long = [
        ("16 Feb", "Tuesday 16 February 2021"),
        ("15-22 Feb", "15–22 February 2021"),
        ("31 Aug - 2 Sep", "31 August – 2 September 2021"),
        ("28 Dec - 3 Jan", "28 December 2021 – 3 January 2022"),
        ("(tbc) Apr", "April 2021"),
        ("Dates to be confirmed", "2021"),
        ("24-2 Jul", "24 June – 2 July 2021"),
    ];
    for (input, shown) in long {
        assert_eq!(parse(input, Some(2021)).unwrap().when.long(&ENGLISH), shown, "{input:?}");
    }
}

#[test]
fn bounds_precision_and_month() {
    let e = parse("(tbc) Feb 2024", None).unwrap();
    assert_eq!((e.when.first_day(), e.when.last_day()), (d(2024, 2, 1), d(2024, 2, 29)));
    assert_eq!(e.when.precision().as_str(), "month");
    let r = parse("31 Aug - 2 Sep", Some(2021)).unwrap().when;
    assert_eq!(r.month(), YearMonth { year: 2021, month: 8 });
    assert_eq!(r.precision(), Precision::Range);
    assert_eq!(days_in_month(2021, 12), 31);
    assert_eq!(days_in_month(2100, 2), 28);
    assert_eq!(When::from_days(d(2021, 1, 2), d(2021, 1, 1)), None);
}

proptest::proptest! {
    /// Every date, the new forms included (a year to be confirmed, a range that starts in
    /// the month before, hours with or without a zone), renders, in the reader's style and
    /// as an editor writes it, to an expression that parses back to the same value (given
    /// the year it starts in, as its page would).
    #[test]
    fn display_round_trips(
        days in 0i64..3_650_000,
        length in 0i64..400,
        kind in 0u8..4,
        tentative: bool,
        hours in proptest::option::of((0u32..1440, proptest::option::of(1u32..600), 0usize..7)),
    ) {
        use chrono_tz::Tz;
        // Every year the grammar can write: 0001 to 9999.
        let first = NaiveDate::from_ymd_opt(1, 1, 1).unwrap() + chrono::Duration::days(days);
        let when = match kind {
            0 => When::Day(first),
            1 => When::from_days(first, first + chrono::Duration::days(length)).unwrap(),
            2 => When::Month(YearMonth::of(first)),
            _ => When::Year(first.year()),
        };
        let mut expr = DateExpr::new(when, tentative || kind == 3);
        // The reader's form, without hours, in English.
        let shown = expr.short(&ENGLISH);
        proptest::prop_assert_eq!(parse(&shown, Some(first.year())), Ok(expr), "{}", shown);
        // The editor's form, with hours on a day.
        if let (0, Some((start, length, zone))) = (kind, hours) {
            let clock = |m: u32| NaiveTime::from_hms_opt(m / 60, m % 60, 0).unwrap();
            let end = length.map(|l| start + l).filter(|e| *e < 1440).map(clock);
            let fixed = |s| Some(Zone::Fixed(chrono::FixedOffset::east_opt(s).unwrap()));
            let zone = [None, Some(Zone::Named(Tz::UTC)), Some(Zone::Named(Tz::Europe__Brussels)), Some(Zone::Named(Tz::America__Sao_Paulo)), fixed(-3 * 3600), fixed(20_700), fixed(0)][zone];
            expr.hours = Some(Hours { start: clock(start), end, zone });
        }
        let written = expr.to_string();
        proptest::prop_assert_eq!(parse(&written, Some(first.year())), Ok(expr), "{}", written);
    }

    /// Strings made of the grammar's own pieces, the new forms' included, reach paths that
    /// random text seldom does: never a panic, and every value read is written back to
    /// an expression that reads as itself.
    #[test]
    fn pieces_never_panic_and_round_trip(
        pieces in proptest::collection::vec(proptest::sample::select(PIECES), 0..9),
    ) {
        let input = pieces.join(" ");
        if let Ok(value) = parse(&input, Some(2021)) {
            let written = value.to_string();
            let year = value.when.first_day().year();
            proptest::prop_assert_eq!(parse(&written, Some(year)), Ok(value), "{} from {}", written, input);
        }
    }

    /// Any string at all gives a value or an error, never a panic.
    #[test]
    fn never_panics(input in "\\PC{0,40}") {
        let _ = parse(&input, Some(2021));
    }
}

/// The pieces of [`pieces_never_panic_and_round_trip`].
const PIECES: &[&str] = &[
    "24",
    "24-Julio",
    "13-November-2022",
    "10:00",
    "-fé3",
    "2",
    "31",
    "1er",
    "8th",
    "Jul",
    "julio",
    "févr.",
    "Dec",
    "ene",
    "-",
    "–",
    "to",
    "au",
    "from",
    "del",
    "de",
    "(tbc)",
    "(à confirmer)",
    "TBC",
    "dates",
    "to be confirmed",
    "2021",
    "2022",
    "0001",
    "9999",
    "09:00",
    "9:00-10:30",
    "23:59",
    "CET",
    "(CEST)",
    "Europe/Madrid",
    ",",
    "Q3",
    "early",
    "week",
    "of",
    "2021-05-04T09:00",
    "2021-02-15",
    "/",
    "le",
    "a",
    "confirmer",
    "por",
    "confirmar",
    "(",
    ")",
    "9h",
    "10h30",
    "19:00:00",
    "19:00:30",
    "-03",
    "+08:00",
    "UTC+2",
    "EDT",
    "CST",
    "AEST",
    "03/04/2022",
    "15.02.2022",
    "13-Nov-2022",
    "June",
    "1",
    "30",
];

#[test]
fn days_and_times_are_written_zero_padded() {
    let cases = [
        (d(2021, 2, 15), "2021-02-15", "20210215"),
        (d(212, 3, 4), "0212-03-04", "02120304"),
        (d(1, 1, 1), "0001-01-01", "00010101"),
        (d(9999, 12, 31), "9999-12-31", "99991231"),
        // Reached only by an instant that its zone moves out of years 1 to 9999.
        (d(10000, 1, 1), "10000-01-01", "100000101"),
        (d(0, 12, 31), "0000-12-31", "00001231"),
    ];
    for (date, iso, compact) in cases {
        assert_eq!(iso_day(date), iso, "{date:?}");
        // As chrono writes it, but for the sign it puts before a fifth digit.
        assert_eq!(iso_day(date), date.format("%Y-%m-%d").to_string().trim_start_matches('+'));
        let mut out = String::new();
        write_day(&mut out, date, "");
        assert_eq!(out, compact, "{date:?}");
    }
    for (h, m, s, colons, bare) in
        [(0, 0, 0, "00:00:00", "000000"), (9, 5, 7, "09:05:07", "090507")]
    {
        let t = NaiveTime::from_hms_opt(h, m, s).unwrap();
        let (mut with, mut without) = (String::new(), String::new());
        write_time(&mut with, t, ":");
        write_time(&mut without, t, "");
        assert_eq!((with.as_str(), without.as_str()), (colons, bare));
    }
}

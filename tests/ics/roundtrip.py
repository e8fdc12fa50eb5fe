#!/usr/bin/env python3
"""Reads every .ics file of a built site with Python's `icalendar` and compares each VEVENT
with the site's events.json: title, dates (exclusive DTEND), instants of timed events,
status, transparency, UID, page URL, location and categories; the events of each feed; and
the deadline of each call in calls.ics.

Usage: roundtrip.py SITE MONTH_ONLY   (MONTH_ONLY: all-month or omit)
Prints `ics roundtrip (python icalendar): N passed, M failed`; exits 1 on any failure.
"""
import datetime as dt
import json
import os
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar

PARSER = "python icalendar"
UTC = dt.timezone.utc


class Report:
    def __init__(self):
        self.passed = 0
        self.failures = []

    def check(self, what, problems):
        if problems:
            self.failures.append((what, problems))
        else:
            self.passed += 1


def expected_instant(day, hm, zone):
    """A local time as UTC, as RFC 5545 reads it: fold=0 is the first of a repeated time
    and, for a time in a gap, the offset in force before the gap (PEP 495)."""
    y, m, d = map(int, day.split("-"))
    hh, mm = map(int, hm.split(":"))
    return dt.datetime(y, m, d, hh, mm, tzinfo=ZoneInfo(zone)).astimezone(UTC)


def repeated(day, hm, zone):
    """Whether a local time happens twice (the hour repeated when clocks go back)."""
    y, m, d = map(int, day.split("-"))
    hh, mm = map(int, hm.split(":"))
    first = dt.datetime(y, m, d, hh, mm, tzinfo=ZoneInfo(zone))
    second = first.replace(fold=1)
    back = first.astimezone(UTC).astimezone(ZoneInfo(zone)).replace(tzinfo=None)
    return first.utcoffset() != second.utcoffset() and back == first.replace(tzinfo=None)


def minutes(hm):
    hh, mm = map(int, hm.split(":"))
    return hh * 60 + mm


# The markers calendars show before a title, in the site's language ($ICS_LANGUAGE, which
# tests/ics/check reads from the site's <html lang>): written here again, independently of
# the program's locale.
MARKERS = {
    "en": {"cancelled": "(cancelled) ", "postponed": "(postponed) ", "tentative": "(tbc) "},
    "fr": {"cancelled": "(annulé) ", "postponed": "(reporté) ", "tentative": "(à conf.) "},
    "es": {"cancelled": "(cancelado) ", "postponed": "(aplazado) ", "tentative": "(por conf.) "},
}.get(os.environ.get("ICS_LANGUAGE", "en"), {})
STATUSES = {"cancelled": "CANCELLED", "postponed": "CANCELLED", "tentative": "TENTATIVE"}


def as_utc(value):
    if not isinstance(value, dt.datetime) or value.tzinfo is None:
        return None
    return value.astimezone(UTC)


def compare(vevent, event, own_file):
    """What differs between a parsed VEVENT and its events.json entry; `own_file` for the
    event's own .ics, where it is busy time if confirmed on known days (feeds never are)."""
    problems = []

    def want(name, got, expected):
        if got != expected:
            problems.append(f"{name}: got {got!r}, expected {expected!r}")

    status = event["status"]
    want("SUMMARY", str(vevent.get("SUMMARY")), MARKERS.get(status, "") + event["title"])
    start = vevent.get("DTSTART")
    end = vevent.get("DTEND")
    if event["time"] is None:
        first = dt.date.fromisoformat(event["start"])
        after = dt.date.fromisoformat(event["end"]) + dt.timedelta(days=1)
        for name, prop, day in (("DTSTART", start, first), ("DTEND", end, after)):
            if prop is None:
                problems.append(f"{name} missing")
                continue
            value = prop.dt
            if isinstance(value, dt.datetime) or prop.params.get("VALUE") != "DATE":
                problems.append(f"{name} is not a VALUE=DATE date: {value!r}")
            want(name, value, day)
    else:
        t = event["time"]
        first = expected_instant(event["start"], t["start"], t["timezone"])
        want("DTSTART", as_utc(start.dt) if start else None, first)
        if t["end"] is None:
            # A start alone lasts an hour.
            last = first + dt.timedelta(hours=1)
        elif repeated(event["start"], t["start"], t["timezone"]) or repeated(
                event["start"], t["end"], t["timezone"]):
            # In the repeated hour, the event lasts as long as written.
            last = first + dt.timedelta(minutes=minutes(t["end"]) - minutes(t["start"]))
        else:
            last = expected_instant(event["start"], t["end"], t["timezone"])
        want("DTEND", as_utc(end.dt) if end else None, last)
    want("STATUS", str(vevent.get("STATUS")), STATUSES.get(status, "CONFIRMED"))
    busy = own_file and status == "confirmed" and event["precision"] != "month"
    want("TRANSP", str(vevent.get("TRANSP")), "OPAQUE" if busy else "TRANSPARENT")
    want("URL", str(vevent.get("URL")), event["page"])
    location = vevent.get("LOCATION")
    want("LOCATION", None if location is None else str(location), event["location"])
    categories = vevent.get("CATEGORIES")
    if categories is None:
        categories = []
    elif not isinstance(categories, list):
        categories = [categories]
    want("CATEGORIES lines", len(categories), 1 if event["tags"] else 0)
    want("categories", sum(len(c.cats) for c in categories), len(event["tags"]))
    for name in ("DTSTAMP", "LAST-MODIFIED", "UID"):
        if vevent.get(name) is None:
            problems.append(f"{name} missing")
    return problems


def read(path, report):
    """The VEVENTs of one file, or None (and a failure) when it does not parse as one calendar."""
    try:
        calendars = icalendar.Calendar.from_ical(path.read_bytes(), multiple=True)
    except Exception as e:  # any parser error is a failure of the file
        report.check(f"{path}: parse", [f"{type(e).__name__}: {e}"])
        return None
    if len(calendars) != 1:
        report.check(f"{path}: parse", [f"{len(calendars)} VCALENDARs, expected 1"])
        return None
    calendar = calendars[0]
    problems = []
    if not calendar.subcomponents:
        problems.append("no component (RFC 5545 wants at least one)")
    for name in ("VERSION", "PRODID"):
        if calendar.get(name) is None:
            problems.append(f"{name} missing")
    problems += structure(calendar)
    report.check(f"{path}: parse", problems)
    return calendar.walk("VEVENT")


def after(end, start):
    """Whether `end` is after `start`: two dates, or two times (in UTC when zoned)."""
    if isinstance(end, dt.datetime) != isinstance(start, dt.datetime):
        return False
    if isinstance(end, dt.datetime) and end.tzinfo and start.tzinfo:
        return end.astimezone(UTC) > start.astimezone(UTC)
    return end > start


def structure(calendar):
    """What RFC 5545 asks of a calendar's events as a whole: each UID once, each DTEND after
    its DTSTART, and a VTIMEZONE for every TZID a time names."""
    problems = []
    zones = {str(z.get("TZID")) for z in calendar.walk("VTIMEZONE")}
    uids = set()
    for vevent in calendar.walk("VEVENT"):
        uid = str(vevent.get("UID"))
        if uid in uids:
            problems.append(f"UID {uid} twice")
        uids.add(uid)
        start, end = vevent.get("DTSTART"), vevent.get("DTEND")
        if start is not None and end is not None and not after(end.dt, start.dt):
            problems.append(f"{uid}: DTEND {end.to_ical().decode()} is not after DTSTART")
        for name in ("DTSTART", "DTEND"):
            tzid = vevent.get(name).params.get("TZID") if vevent.get(name) is not None else None
            if tzid is not None and tzid not in zones:
                problems.append(f"{uid}: {name} in {tzid}, which has no VTIMEZONE")
    return problems


def main():
    site = Path(sys.argv[1] if len(sys.argv) > 1 else "public")
    month_only = sys.argv[2] if len(sys.argv) > 2 else "all-month"
    data = json.loads((site / "events.json").read_text(encoding="utf-8"))
    events = {e["slug"]: e for e in data["events"]}
    report = Report()

    # Each event's own file: exactly its event; it fixes the UID the feeds must use.
    uids = {}
    for slug, event in events.items():
        path = site / "events" / f"{slug}.ics"
        if not path.exists():
            report.check(f"{path}", ["missing"])
            continue
        vevents = read(path, report)
        if vevents is None:
            continue
        if len(vevents) != 1:
            report.check(f"{path}: events", [f"{len(vevents)} VEVENTs, expected 1"])
            continue
        uids[str(vevents[0].get("UID"))] = slug
        report.check(f"{path}: {slug}", compare(vevents[0], event, True))
    for path in sorted((site / "events").glob("*.ics")):
        if path.stem not in events:
            report.check(f"{path}", ["not an event of events.json"])

    def in_feeds(event):
        return month_only == "all-month" or event["precision"] != "month"

    feeds = {site / "calendar.ics": [s for s, e in events.items() if in_feeds(e)]}
    tag_ids = {t for e in events.values() for t in e["tags"]}
    tag_files = {p.stem: p for p in sorted((site / "tags").glob("*.ics"))}
    for tag in sorted(tag_ids | set(tag_files)):
        path = site / "tags" / f"{tag}.ics"
        feeds[path] = [s for s, e in events.items() if tag in e["tags"] and in_feeds(e)]
    for path, expected in feeds.items():
        if not path.exists():
            report.check(f"{path}", ["missing"])
            continue
        vevents = read(path, report)
        if vevents is None:
            continue
        found = []
        for vevent in vevents:
            uid = str(vevent.get("UID"))
            slug = uids.get(uid)
            if slug is None:
                report.check(f"{path}: {uid}", ["UID of no event file"])
                continue
            found.append(slug)
            report.check(f"{path}: {slug}", compare(vevent, events[slug], False))
        problems = []
        if len(found) != len(expected):
            problems.append(f"{len(found)} events, expected {len(expected)}")
        if sorted(found) != sorted(expected):
            missing = sorted(set(expected) - set(found))
            extra = sorted(set(found) - set(expected))
            problems.append(f"missing {missing}, unexpected {extra}")
        report.check(f"{path}: events of the feed", problems)

    # The calls' feed: each VEVENT the deadline of an event's call in events.json, all day
    # on its `until`, under the event's UID after `call-`, free time, linking the call.
    calls = site / "calls.ics"
    vevents = read(calls, report) if calls.exists() else None
    # Needed when an event has a call; a site may write it empty, for subscribers to come.
    if not calls.exists() and any(e.get("call") for e in events.values()):
        report.check(f"{calls}", ["missing"])
    for vevent in vevents or []:
        uid = str(vevent.get("UID"))
        slug = uids.get(uid.removeprefix("call-")) if uid.startswith("call-") else None
        call = events[slug].get("call") if slug else None
        if call is None:
            report.check(f"{calls}: {uid}", ["UID of no event's call"])
            continue
        until = dt.date.fromisoformat(call["until"])
        problems = []
        for name, day in (("DTSTART", until), ("DTEND", until + dt.timedelta(days=1))):
            got = vevent.get(name).dt if vevent.get(name) is not None else None
            if got != day or isinstance(got, dt.datetime):
                problems.append(f"{name}: got {got!r}, expected {day!r}")
        if str(vevent.get("TRANSP")) != "TRANSPARENT":
            problems.append(f"TRANSP: got {vevent.get('TRANSP')!r}")
        url = call["url"] or events[slug]["page"]
        if str(vevent.get("URL")) != url:
            problems.append(f"URL: got {vevent.get('URL')!r}, expected {url!r}")
        if call["label"] not in str(vevent.get("SUMMARY")):
            problems.append(f"SUMMARY: {vevent.get('SUMMARY')!r} lacks {call['label']!r}")
        report.check(f"{calls}: {slug}", problems)

    print(f"icalendar {icalendar.__version__} read {site}")
    for what, problems in report.failures:
        print(f"FAIL {what}")
        for p in problems:
            print(f"    {p}")
    print(f"ics roundtrip ({PARSER}): {report.passed} passed, {len(report.failures)} failed")
    return 1 if report.failures else 0


if __name__ == "__main__":
    sys.exit(main())

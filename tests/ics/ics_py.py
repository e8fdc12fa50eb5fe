#!/usr/bin/env python3
"""Reads every .ics file of a built site with ics.py (PyPI `ics`), which refuses a whole
file over things other parsers let pass (several CATEGORIES lines, for one), and compares
each event with the site's events.json: UID, title as calendars show it, first day or
instant, categories, status and transparency.

Usage: ics_py.py SITE
Prints `ics roundtrip (ics.py): N passed, M failed`; exits 1 on any failure.
"""
import datetime as dt
import json
import os
import sys
from pathlib import Path

import ics

# The markers calendars show before a title, in the site's language ($ICS_LANGUAGE, which
# tests/ics/check reads from the site's <html lang>): written here again, independently of
# the program's locale.
MARKERS = {
    "en": {"cancelled": "(cancelled) ", "postponed": "(postponed) ", "tentative": "(tbc) "},
    "fr": {"cancelled": "(annulé) ", "postponed": "(reporté) ", "tentative": "(à conf.) "},
    "es": {"cancelled": "(cancelado) ", "postponed": "(aplazado) ", "tentative": "(por conf.) "},
}.get(os.environ.get("ICS_LANGUAGE", "en"), {})
STATUSES = {"cancelled": "CANCELLED", "postponed": "CANCELLED", "tentative": "TENTATIVE"}


def main():
    site = Path(sys.argv[1] if len(sys.argv) > 1 else "public")
    data = json.loads((site / "events.json").read_text(encoding="utf-8"))
    events = {e["slug"]: e for e in data["events"]}
    passed, failures = 0, []
    for path in sorted(site.rglob("*.ics")):
        # Another language's files, beside their own events.json, are checked on their own.
        if (site / path.relative_to(site).parts[0] / "events.json").exists():
            continue
        problems = []
        try:
            calendar = ics.Calendar(path.read_text(encoding="utf-8"))
        except Exception as e:  # ics.py refuses the whole file: that is the failure
            failures.append((path, [f"{type(e).__name__}: {e}"]))
            continue
        own = path.parent.name == "events"
        if own and len(calendar.events) != 1:
            problems.append(f"{len(calendar.events)} events, expected 1")
        for vevent in calendar.events:
            slug = vevent.uid.split("@", 1)[0]
            # A call's deadline (calls.ics): its event's UID after `call-`.
            call_of = slug.removeprefix("call-") if slug.startswith("call-") else None
            event = events.get(call_of or slug)
            if event is None or (call_of and not event.get("call")):
                problems.append(f"{vevent.uid}: no such event in events.json")
                continue
            status = event["status"]

            def want(name, got, expected):
                if got != expected:
                    problems.append(f"{slug}: {name}: got {got!r}, expected {expected!r}")

            if call_of:
                call = event["call"]
                want("all day", vevent.all_day, True)
                want("first day", vevent.begin.date(), dt.date.fromisoformat(call["until"]))
                want("transparent", vevent.transparent, True)
                want("in calls.ics", path.name, "calls.ics")
                continue

            want("name", vevent.name, MARKERS.get(status, "") + event["title"])
            if event["time"] is None:
                want("all day", vevent.all_day, True)
                want("first day", vevent.begin.date(), dt.date.fromisoformat(event["start"]))
            else:
                want("first day (UTC, within a day)",
                     abs((vevent.begin.date() - dt.date.fromisoformat(event["start"])).days) <= 1,
                     True)
            want("categories", len(vevent.categories), len(event["tags"]))
            want("status", vevent.status, STATUSES.get(status, "CONFIRMED"))
            busy = own and status == "confirmed" and event["precision"] != "month"
            want("transparent", vevent.transparent, not busy)
        if problems:
            failures.append((path, problems))
        else:
            passed += 1
    print(f"ics.py {ics.__version__} read {site}")
    for path, problems in failures:
        print(f"FAIL {path}")
        for p in problems:
            print(f"    {p}")
    print(f"ics roundtrip (ics.py): {passed} passed, {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

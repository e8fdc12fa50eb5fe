"""Checks a site's Atom feeds with feedparser against its events.json.

Every feed must parse without error (bozo 0) as Atom 1.0, hold exactly the events of
events.json (all of them, or a tag's), each entry's id and link its page, its title the
event's (after a status marker), its summary starting with a date and naming its place,
its updated an RFC 3339 time; entries newest updated first, the feed's updated the newest.
"""

import json
import pathlib
import sys

import feedparser


def check(path, events, problems):
    feed = feedparser.parse(path.read_bytes())
    where = path.name if path.parent.name != "tags" else f"tags/{path.name}"
    if feed.bozo:
        problems.append(f"{where}: not well-formed: {feed.bozo_exception}")
        return 0
    if feed.version != "atom10":
        problems.append(f"{where}: version {feed.version!r}, not atom10")
    by_page = {e["page"]: e for e in events}
    seen = []
    for entry in feed.entries:
        event = by_page.get(entry.id)
        if event is None:
            problems.append(f"{where}: entry {entry.id} is no event of events.json")
            continue
        seen.append(entry.id)
        if entry.link != event["page"]:
            problems.append(f"{where}: {entry.id}: link {entry.link}")
        if not entry.title.endswith(event["title"]):
            problems.append(f"{where}: {entry.id}: title {entry.title!r}")
        if event["location"] and event["location"] not in entry.summary:
            problems.append(f"{where}: {entry.id}: summary {entry.summary!r} lacks the place")
        if not entry.get("updated_parsed"):
            problems.append(f"{where}: {entry.id}: updated {entry.get('updated')!r}")
        tags = sorted(t.term for t in entry.get("tags", []))
        if tags != sorted(event["tags"]):
            problems.append(f"{where}: {entry.id}: categories {tags}, not {event['tags']}")
    if sorted(seen) != sorted(by_page):
        problems.append(f"{where}: {len(seen)} entries for {len(by_page)} events")
    stamps = [e.updated_parsed for e in feed.entries]
    if stamps != sorted(stamps, reverse=True):
        problems.append(f"{where}: entries not newest updated first")
    if stamps and feed.feed.updated_parsed != stamps[0]:
        problems.append(f"{where}: feed updated is not its newest entry's")
    return len(feed.entries)


def main():
    site = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "public")
    events = json.loads((site / "events.json").read_text())["events"]
    problems = []
    count = check(site / "events.atom", events, problems)
    feeds = 1
    for path in sorted((site / "tags").glob("*.atom")):
        tag = path.stem
        count += check(path, [e for e in events if tag in e["tags"]], problems)
        feeds += 1
    for p in problems:
        print(f"tests/atom/check: {p}", file=sys.stderr)
    if problems:
        sys.exit(1)
    print(f"tests/atom/check: {feeds} Atom feeds, {count} entries, as events.json says")


main()

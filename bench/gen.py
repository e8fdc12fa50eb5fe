#!/usr/bin/env python3
"""Writes a deterministic synthetic calendar of N events, as a When & Where project and,
with --hugo, as the equivalent Hugo site (a page and an .ics per event, a month-grouped
index, a whole-calendar feed).

Usage: gen.py N OUT_DIR [--hugo HUGO_DIR]"""
import random
import sys
from pathlib import Path

CITIES = ["São Paulo", "Zürich", "Guangzhou", "Montréal", "İstanbul", "Kraków", "Bogotá",
          "Mexico City", "Barcelona", "Seoul", "Taipei", "Xi'an", "Abidjan", "Medellín",
          "Göteborg", "Thessaloníki", "Durban", "Québec", "Kyiv", "Reykjavík"]
KINDS = ["Forum", "Summit", "Webinar", "Workshop", "Congress", "Retreat", "Expo",
         "Round Table", "Training Course", "Conference"]
THEMES = ["Urban Innovation", "Metropolitan Governance", "Liveable Cities", "Climate Action",
          "Smart Mobility", "Gender Equality", "Public Space", "Resilience", "Housing",
          "Urban Diplomacy"]
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
WORDS = ("cities metropolitan network peer learning exchange mayors policy practice "
         "governance innovation urban agenda partners regional global local sessions "
         "participants experts dialogue sustainable inclusive resilient").split()


def leap(y):
    return y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)


def month_days(y, m):
    return 29 if m == 2 and leap(y) else DAYS[m - 1]


def date_expr(rng, year):
    """A date string in realistic shares of every kind, and (y, m, d, y2, m2, d2, kind)."""
    m = rng.randint(1, 12)
    d = rng.randint(1, month_days(year, m))
    r = rng.random()
    if r < 0.35:
        return f"{d} {MONTHS[m-1]}", (year, m, d, year, m, d, "day")
    if r < 0.65:
        if d == month_days(year, m):
            d -= 1
        d2 = rng.randint(d + 1, month_days(year, m))
        return f"{d}-{d2} {MONTHS[m-1]}", (year, m, d, year, m, d2, "range")
    if r < 0.73 and m < 12:
        d = rng.randint(25, month_days(year, m))
        d2 = rng.randint(1, 5)
        return f"{d} {MONTHS[m-1]} - {d2} {MONTHS[m]}", (year, m, d, year, m + 1, d2, "range")
    if r < 0.75:
        d = rng.randint(27, 31)
        d2 = rng.randint(1, 4)
        return f"{d} Dec - {d2} Jan", (year, 12, d, year + 1, 1, d2, "range")
    if r < 0.92:
        return f"(tbc) {MONTHS[m-1]}", (year, m, 1, year, m, month_days(year, m), "month")
    if d == month_days(year, m):
        d -= 1
    return f"(tbc) {d}-{d+1} {MONTHS[m-1]}", (year, m, d, year, m, d + 1, "range")


def toml_str(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def main():
    n = int(sys.argv[1])
    out = Path(sys.argv[2])
    hugo = Path(sys.argv[sys.argv.index("--hugo") + 1]) if "--hugo" in sys.argv else None
    rng = random.Random(2021)
    years = max(1, min(30, n // 1000))
    first_year = 2021 - years + 1
    (out / "content").mkdir(parents=True, exist_ok=True)
    # The last year is the current edition, as in a calendar that keeps its archive.
    (out / "calendar.toml").write_text(
        'title = "Benchmark Calendar"\nbase_url = "https://example.github.io/bench/"\n'
        'year = 2021\nupdated = 2021-02-01\n'
        # Without the printed brochure, as a calendar this big would be published; bench/run
        # measures what the brochures add in a copy without this line.
        'brochure = false\n')
    if hugo:
        (hugo / "content" / "events").mkdir(parents=True, exist_ok=True)
    for i in range(n):
        year = first_year + i % years
        expr, (y, m, d, y2, m2, d2, kind) = date_expr(rng, year)
        title = f"{rng.choice(KINDS)} on {rng.choice(THEMES)} in {rng.choice(CITIES)}"
        slug = f"event-{i:06d}"
        tags = rng.choice([[], ["diplomacy"], ["capacity-building"], ["diplomacy", "capacity-building"]])
        words = " ".join(rng.choice(WORDS) for _ in range(rng.randint(30, 60)))
        description = f"A gathering of *{rng.choice(CITIES)}* and partners: {words}."
        location = rng.choice(CITIES + ["Online", "Hybrid"])
        folder = out / "content" / str(year)
        folder.mkdir(exist_ok=True)
        (folder / f"{slug}.toml").write_text(
            f"title = {toml_str(title)}\ndate = {toml_str(expr)}\n"
            f"tags = [{', '.join(toml_str(t) for t in tags)}]\nlocation = {toml_str(location)}\n"
            f"description = {toml_str(description)}\n")
        if hugo:
            (hugo / "content" / "events" / f"{slug}.md").write_text(
                f"---\ntitle: {toml_str(title)}\ndate: {y:04d}-{m:02d}-{d:02d}\n"
                f"enddate: {y2:04d}-{m2:02d}-{d2:02d}\nprecision: {kind}\n"
                f"shown: {toml_str(expr)}\ntags: [{', '.join(tags)}]\n"
                f"location: {toml_str(location)}\n---\n{description}\n")
    if hugo:
        write_hugo_site(hugo)


def write_hugo_site(hugo):
    layouts = hugo / "layouts"
    (layouts / "_default").mkdir(parents=True, exist_ok=True)
    (hugo / "hugo.toml").write_text(
        'baseURL = "https://example.github.io/bench/"\ntitle = "Benchmark Calendar"\n'
        'buildFuture = true\nbuildExpired = true\ndisableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]\n'
        '[outputs]\nhome = ["html", "calendar"]\npage = ["html", "calendar"]\nsection = []\n')
    (layouts / "_default" / "baseof.html").write_text(
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>'
        '<body>{{ block "main" . }}{{ end }}</body></html>\n')
    (layouts / "index.html").write_text(
        '{{ define "main" }}<h1>{{ .Site.Title }}</h1>'
        '{{ range (where .Site.RegularPages "Section" "events").GroupByDate "2006-01" }}'
        '<section id="{{ .Key }}"><h2>{{ .Key }}</h2><ol>{{ range .Pages.ByDate }}'
        '<li><time>{{ .Params.shown }}</time> <a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Params.location }}</li>'
        '{{ end }}</ol></section>{{ end }}{{ end }}\n')
    (layouts / "_default" / "single.html").write_text(
        '{{ define "main" }}<h1>{{ .Title }}</h1><p>{{ .Params.shown }}, {{ .Params.location }}</p>'
        '{{ .Content }}<a href="index.ics">Add to calendar</a>{{ end }}\n')
    vevent = ('BEGIN:VEVENT\r\nUID:{{ .File.BaseFileName }}@example.github.io\r\n'
              'DTSTAMP:20210201T000000Z\r\nDTSTART;VALUE=DATE:{{ .Date.Format "20060102" }}\r\n'
              'DTEND;VALUE=DATE:{{ (time .Params.enddate).AddDate 0 0 1 | dateFormat "20060102" }}\r\n'
              'SUMMARY:{{ .Title }}\r\nLOCATION:{{ .Params.location }}\r\nEND:VEVENT\r\n')
    head = 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//bench//hugo//EN\r\n'
    (layouts / "index.calendar.ics").write_text(
        head + '{{ range where .Site.RegularPages "Section" "events" }}' + vevent + '{{ end }}END:VCALENDAR\r\n')
    (layouts / "_default" / "single.calendar.ics").write_text(head + vevent + 'END:VCALENDAR\r\n')


if __name__ == "__main__":
    main()

// Reads every .ics file of a built site with Mozilla's ical.js (Thunderbird's parser) and
// compares each VEVENT with the site's events.json: title, dates (exclusive DTEND),
// instants of timed events, status, transparency, UID, page URL, location and categories;
// and the events of each feed.
//
// Usage: node roundtrip.mjs SITE MONTH_ONLY   (MONTH_ONLY: all-month or omit)
// Prints `ics roundtrip (ical.js): N passed, M failed`; exits 1 on any failure.

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ICAL from 'ical.js';

const site = process.argv[2] ?? 'public';
const monthOnly = process.argv[3] ?? 'all-month';
const data = JSON.parse(readFileSync(join(site, 'events.json'), 'utf8'));
const events = new Map(data.events.map((e) => [e.slug, e]));

let passed = 0;
const failures = [];
const check = (what, problems) => {
  if (problems.length) failures.push([what, problems]);
  else passed += 1;
};

const pad = (n, width = 2) => String(n).padStart(width, '0');

/** The UTC offset of a zone at an instant, in milliseconds, from the platform's time zone data. */
function offsetAt(ms, zone) {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit',
    hour: '2-digit', minute: '2-digit', second: '2-digit',
  }).formatToParts(new Date(ms));
  const get = (type) => Number(parts.find((p) => p.type === type).value);
  return Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second')) - ms;
}

/** A local time as a UTC instant (ms), as RFC 5545 reads it: the first of a repeated time;
 * for a time in a gap, the offset in force before the gap. */
function expectedInstant(day, hm, zone) {
  const [y, m, d] = day.split('-').map(Number);
  const [hh, mm] = hm.split(':').map(Number);
  const wall = Date.UTC(y, m - 1, d, hh, mm);
  const before = offsetAt(wall - 86400000, zone);
  const after = offsetAt(wall + 86400000, zone);
  const valid = [before, after].map((o) => wall - o).filter((t) => offsetAt(t, zone) === wall - t);
  return valid.length ? Math.min(...valid) : wall - before;
}

/** Whether a local time happens twice (the hour repeated when clocks go back). */
function repeated(day, hm, zone) {
  const [y, m, d] = day.split('-').map(Number);
  const [hh, mm] = hm.split(':').map(Number);
  const wall = Date.UTC(y, m - 1, d, hh, mm);
  const offsets = [offsetAt(wall - 86400000, zone), offsetAt(wall + 86400000, zone)];
  const valid = new Set(offsets.map((o) => wall - o).filter((t) => offsetAt(t, zone) === wall - t));
  return valid.size === 2;
}

const minutes = (hm) => { const [h, m] = hm.split(':').map(Number); return h * 60 + m; };
// The markers in the site's language ($ICS_LANGUAGE, from its <html lang>), written here
// again, independently of the program's locale.
const MARKERS = {
  en: { cancelled: '(cancelled) ', postponed: '(postponed) ', tentative: '(tbc) ' },
  fr: { cancelled: '(annulé) ', postponed: '(reporté) ', tentative: '(à conf.) ' },
  es: { cancelled: '(cancelado) ', postponed: '(aplazado) ', tentative: '(por conf.) ' },
}[process.env.ICS_LANGUAGE ?? 'en'] ?? {};
const STATUSES = { cancelled: 'CANCELLED', postponed: 'CANCELLED', tentative: 'TENTATIVE' };

const isoDate = (t) => `${pad(t.year, 4)}-${pad(t.month)}-${pad(t.day)}`;
const dayAfter = (iso) => {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
};

/** What differs between a VEVENT and its events.json entry; `ownFile` for the event's own
 * .ics, where it is busy time if confirmed on known days (feeds never are). */
function compare(vevent, event, ownFile) {
  const problems = [];
  const want = (name, got, expected) => {
    if (got !== expected) problems.push(`${name}: got ${JSON.stringify(got)}, expected ${JSON.stringify(expected)}`);
  };
  const ev = new ICAL.Event(vevent);
  const status = event.status;
  want('SUMMARY', ev.summary, (MARKERS[status] ?? '') + event.title);
  const start = vevent.getFirstPropertyValue('dtstart');
  const end = vevent.getFirstPropertyValue('dtend');
  if (event.time === null) {
    for (const [name, value, day] of [['DTSTART', start, event.start], ['DTEND', end, dayAfter(event.end)]]) {
      if (!value) { problems.push(`${name} missing`); continue; }
      if (!value.isDate) problems.push(`${name} is not a DATE: ${value.toString()}`);
      want(name, isoDate(value), day);
    }
  } else {
    const t = event.time;
    const utcMs = (v) => (v && !v.isDate && v.zone === ICAL.Timezone.utcTimezone ? v.toUnixTime() * 1000 : null);
    const first = expectedInstant(event.start, t.start, t.timezone);
    want('DTSTART', utcMs(start), first);
    let last;
    if (t.end === null) last = first + 3600000; // a start alone lasts an hour
    else if (repeated(event.start, t.start, t.timezone) || repeated(event.start, t.end, t.timezone)) {
      last = first + (minutes(t.end) - minutes(t.start)) * 60000; // as long as written
    } else last = expectedInstant(event.start, t.end, t.timezone);
    want('DTEND', end ? utcMs(end) : null, last);
  }
  want('STATUS', vevent.getFirstPropertyValue('status'), STATUSES[status] ?? 'CONFIRMED');
  const busy = ownFile && status === 'confirmed' && event.precision !== 'month';
  want('TRANSP', vevent.getFirstPropertyValue('transp'), busy ? 'OPAQUE' : 'TRANSPARENT');
  want('URL', vevent.getFirstPropertyValue('url'), event.page);
  want('LOCATION', ev.location, event.location);
  const categories = vevent.getAllProperties('categories');
  want('CATEGORIES lines', categories.length, event.tags.length ? 1 : 0);
  want('categories', categories.reduce((n, p) => n + p.getValues().length, 0), event.tags.length);
  for (const name of ['dtstamp', 'last-modified', 'uid']) {
    if (!vevent.hasProperty(name)) problems.push(`${name.toUpperCase()} missing`);
  }
  return problems;
}

/** The VEVENTs of one file, or null (and a failure) when it does not parse as one calendar. */
function read(path) {
  let jcal;
  try {
    jcal = ICAL.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    check(`${path}: parse`, [String(e)]);
    return null;
  }
  if (Array.isArray(jcal[0])) {
    check(`${path}: parse`, [`${jcal.length} VCALENDARs, expected 1`]);
    return null;
  }
  const calendar = new ICAL.Component(jcal);
  const problems = [];
  if (calendar.name !== 'vcalendar') problems.push(`top component is ${calendar.name}`);
  if (!calendar.getAllSubcomponents().length) problems.push('no component (RFC 5545 wants at least one)');
  for (const name of ['version', 'prodid']) {
    if (!calendar.hasProperty(name)) problems.push(`${name.toUpperCase()} missing`);
  }
  check(`${path}: parse`, problems);
  return calendar.getAllSubcomponents('vevent');
}

const icsFiles = (dir) => (existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.ics')).sort() : []);

// Each event's own file: exactly its event; it fixes the UID the feeds must use.
const uids = new Map();
for (const [slug, event] of events) {
  const path = join(site, 'events', `${slug}.ics`);
  if (!existsSync(path)) { check(path, ['missing']); continue; }
  const vevents = read(path);
  if (vevents === null) continue;
  if (vevents.length !== 1) { check(`${path}: events`, [`${vevents.length} VEVENTs, expected 1`]); continue; }
  uids.set(vevents[0].getFirstPropertyValue('uid'), slug);
  check(`${path}: ${slug}`, compare(vevents[0], event, true));
}
for (const file of icsFiles(join(site, 'events'))) {
  if (!events.has(file.slice(0, -4))) check(join(site, 'events', file), ['not an event of events.json']);
}

const inFeeds = (e) => monthOnly === 'all-month' || e.precision !== 'month';
const feeds = new Map([[join(site, 'calendar.ics'), [...events.values()].filter(inFeeds).map((e) => e.slug)]]);
const tags = new Set([...events.values()].flatMap((e) => e.tags));
for (const file of icsFiles(join(site, 'tags'))) tags.add(file.slice(0, -4));
for (const tag of [...tags].sort()) {
  const expected = [...events.values()].filter((e) => e.tags.includes(tag) && inFeeds(e)).map((e) => e.slug);
  feeds.set(join(site, 'tags', `${tag}.ics`), expected);
}
for (const [path, expected] of feeds) {
  if (!existsSync(path)) { check(path, ['missing']); continue; }
  const vevents = read(path);
  if (vevents === null) continue;
  const found = [];
  for (const vevent of vevents) {
    const uid = vevent.getFirstPropertyValue('uid');
    const slug = uids.get(uid);
    if (slug === undefined) { check(`${path}: ${uid}`, ['UID of no event file']); continue; }
    found.push(slug);
    check(`${path}: ${slug}`, compare(vevent, events.get(slug), false));
  }
  const problems = [];
  if (found.length !== expected.length) problems.push(`${found.length} events, expected ${expected.length}`);
  const missing = expected.filter((s) => !found.includes(s));
  const extra = found.filter((s) => !expected.includes(s));
  if (missing.length || extra.length) problems.push(`missing ${JSON.stringify(missing)}, unexpected ${JSON.stringify(extra)}`);
  check(`${path}: events of the feed`, problems);
}

const { version } = JSON.parse(readFileSync(new URL('./node_modules/ical.js/package.json', import.meta.url), 'utf8'));
console.log(`ical.js ${version} read ${site}`);
for (const [what, problems] of failures) {
  console.log(`FAIL ${what}`);
  for (const p of problems) console.log(`    ${p}`);
}
console.log(`ics roundtrip (ical.js): ${passed} passed, ${failures.length} failed`);
process.exitCode = failures.length ? 1 : 0;

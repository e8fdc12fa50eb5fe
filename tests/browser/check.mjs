// The built site in Debian's Chromium, driven by playwright-core: accessibility (axe-core,
// WCAG 2.1 A and AA rules), HTML validity (html-validate), console errors, failed requests,
// links, subscribe and download links, month navigation, reading without JavaScript, weight,
// fonts, and screenshots and a print-to-PDF compared with committed references.
//
// Run by tests/browser/run, which builds the site, serves it on 127.0.0.1 under its sub-path
// and passes:
//   --site DIR          the built site (the folder served as BASE)
//   --base URL          where it is served, e.g. http://127.0.0.1:8123/when-and-where/
//   --references DIR    reference screenshots (tests/browser/reference)
//   --docs DIR          the README's screenshots (docs/), the top of the references
//   --out DIR           actual screenshots, diffs and the PDF, for looking at after a failure
//   --json FILE         every check's result, for the broken-theme self-test
//   --update-references write the references and docs/ screenshots instead of comparing
//   --quiet             summary lines that a CI log reader does not take for the run's total
//   --only A,B          only these groups: html, pages, keyboard, navigation, views, phone,
//                       design, looks
import { chromium } from "playwright-core";
import { HtmlValidate } from "html-validate";
import { PNG } from "pngjs";
import pixelmatch from "pixelmatch";
import { createRequire } from "node:module";
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

const here = fileURLToPath(new URL(".", import.meta.url));
const require = createRequire(import.meta.url);

// ---- settings -------------------------------------------------------------------------------

/** The pages checked in the browser: the index, an edition's own index, an event with a
 * description and its official site, a tentative event with a tag, a tag page, the
 * not-found page, and the month grid. */
const PAGES = [
  "index.html",
  "2022/index.html",
  "events/world-metropolis-congress.html",
  "events/guangzhou-award-vr-exhibition-launch.html",
  "tags/diplomacy.html",
  "404.html",
  "calendar.html",
  "embed.html",
  // Every other language's index, an event page (translated) and a tag page.
  ...["fr", "es"].flatMap((code) => [
    `${code}/index.html`,
    `${code}/events/world-metropolis-congress.html`,
    `${code}/tags/diplomacy.html`,
  ]),
];
const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];
/** Screenshots: how different two pixels may be (pixelmatch's YIQ threshold, 0 to 1), and
 * the share of pixels that may differ before a screenshot counts as a layout change. */
const PIXEL_THRESHOLD = 0.1;
const MAX_DIFF_RATIO = 0.005;
const VIEWPORTS = [
  { name: "index-390", width: 390, height: 844 },
  { name: "index-1280", width: 1280, height: 800 },
];
/** The site's languages: the default at the root, the others under their codes. */
const LANGUAGES = ["", "fr", "es"];
/** calendar.html: at most this tall on a phone (an agenda of the days with events), and
 * printed on at most this many A4 pages (about three months to a page). */
const MAX_GRID_PHONE_HEIGHT = 5000;
const MAX_GRID_PAGES = 6;
/** The README's screenshots are the top of the references, this tall. */
const DOCS_HEIGHT = 2400;
/** The index, everything but images, at most this many bytes (uncompressed). */
const MAX_WEIGHT = 100 * 1024;
/** First names of a font stack that mean the reader's own fonts. */
const SYSTEM_FONTS = ["system-ui", "-apple-system", "blinkmacsystemfont", "ui-sans-serif", "ui-serif",
  "ui-monospace", "sans-serif", "serif", "monospace"];
const CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync"];

// ---- arguments ------------------------------------------------------------------------------

const opts = { updateReferences: false, quiet: false };
{
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
      return argv[++i];
    };
    if (a === "--site") opts.site = value();
    else if (a === "--base") opts.base = value();
    else if (a === "--references") opts.references = value();
    else if (a === "--docs") opts.docs = value();
    else if (a === "--out") opts.out = value();
    else if (a === "--json") opts.json = value();
    else if (a === "--update-references") opts.updateReferences = true;
    else if (a === "--quiet") opts.quiet = true;
    else if (a === "--only") opts.only = value().split(",");
    else throw new Error(`unknown argument ${a}`);
  }
  for (const k of ["site", "base", "references", "docs", "out"]) {
    if (!opts[k]) throw new Error(`--${k} is required`);
  }
  if (!opts.base.endsWith("/")) opts.base += "/";
  mkdirSync(opts.out, { recursive: true });
}

// ---- results --------------------------------------------------------------------------------

const results = [];
function record(family, name, ok, detail = "") {
  results.push({ family, name, ok, detail });
  const mark = ok ? "ok  " : "FAIL";
  console.log(`${mark} ${family}: ${name}${detail ? ` — ${detail}` : ""}`);
}
/** Runs one check; an exception is that check's failure, not the end of the run. */
async function check(family, name, fn) {
  try {
    const r = await fn();
    if (r === true) record(family, name, true);
    else if (typeof r === "string") record(family, name, true, r);
    else record(family, name, r.ok, r.detail);
  } catch (e) {
    record(family, name, false, String(e && e.message ? e.message : e).split("\n")[0]);
  }
}
const plural = (n, word) => `${n} ${word}${n === 1 ? "" : "s"}`;
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;

// ---- HTTP -----------------------------------------------------------------------------------

const fetched = new Map();
/** GET from the local server, once per address (without its fragment). */
async function get(url) {
  const key = url.split("#")[0];
  if (!fetched.has(key)) {
    fetched.set(key, (async () => {
      const res = await fetch(key, { redirect: "manual", signal: AbortSignal.timeout(10_000) });
      const body = Buffer.from(await res.arrayBuffer());
      return { status: res.status, type: res.headers.get("content-type") || "", body };
    })());
  }
  return fetched.get(key);
}

async function waitForServer() {
  const deadline = Date.now() + 15_000;
  for (;;) {
    try {
      const res = await fetch(opts.base + "index.html", { signal: AbortSignal.timeout(2_000) });
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`no answer from ${opts.base} within 15 s`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

// ---- the site's own facts -------------------------------------------------------------------

const eventsJson = JSON.parse(readFileSync(join(opts.site, "events.json"), "utf8"));
/** The published address (calendar.toml's base_url); links to it are links into the site. */
const publicBase = eventsJson.base_url.endsWith("/") ? eventsJson.base_url : eventsJson.base_url + "/";

/** Where an address of the site is on the local server, or null for one outside the site.
 * webcal:// is the published https:// address for calendar programs. */
function local(url) {
  let u = url;
  if (u.startsWith("webcal://")) u = "https://" + u.slice("webcal://".length);
  if (u.startsWith(publicBase)) return opts.base + u.slice(publicBase.length);
  if (u.startsWith(opts.base)) return u;
  return null;
}

function isCalendar(res) {
  const text = res.body.toString("utf8");
  const problems = [];
  if (res.status !== 200) problems.push(`HTTP ${res.status}`);
  if (!/^text\/calendar\b/i.test(res.type)) problems.push(`served as ${res.type || "nothing"}`);
  if (!text.startsWith("BEGIN:VCALENDAR\r\n")) problems.push("does not start with BEGIN:VCALENDAR");
  if (!/END:VCALENDAR\r\n$/.test(text)) problems.push("does not end with END:VCALENDAR");
  const events = (text.match(/^BEGIN:VEVENT\r$/gm) || []).length;
  return { problems, events };
}

// ---- 1. HTML validity -----------------------------------------------------------------------

function htmlFiles(dir) {
  const out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...htmlFiles(p));
    else if (entry.name.endsWith(".html")) out.push(p);
  }
  return out.sort();
}

async function checkHtml() {
  const config = JSON.parse(readFileSync(join(here, "htmlvalidate.json"), "utf8"));
  const validator = new HtmlValidate(config);
  for (const file of htmlFiles(opts.site)) {
    await check("html-validate", relative(opts.site, file), async () => {
      const report = await validator.validateFile(file);
      const messages = report.results.flatMap((r) => r.messages);
      if (messages.length === 0) return true;
      const first = messages.slice(0, 3).map((m) => `${m.line}:${m.column} ${m.ruleId}: ${m.message}`);
      return { ok: false, detail: `${plural(messages.length, "problem")}: ${first.join("; ")}` };
    });
  }
}

// ---- 2. the pages in the browser ------------------------------------------------------------

/** Opens a page and notes console errors, uncaught exceptions, failed requests and 4xx/5xx. */
async function open(context, path) {
  const page = await context.newPage();
  const problems = { console: [], requests: [] };
  page.on("console", (m) => {
    if (m.type() === "error") problems.console.push(m.text());
  });
  page.on("pageerror", (e) => problems.console.push(`uncaught: ${e.message}`));
  page.on("requestfailed", (r) => problems.requests.push(`${r.url()} (${r.failure()?.errorText})`));
  page.on("response", (r) => {
    if (r.status() >= 400) problems.requests.push(`${r.url()} (HTTP ${r.status()})`);
  });
  const response = await page.goto(opts.base + path, { waitUntil: "load", timeout: 20_000 });
  if (!response || response.status() !== 200) problems.requests.push(`${path} (HTTP ${response?.status()})`);
  await page.waitForLoadState("networkidle", { timeout: 10_000 }).catch(() => {});
  return { page, problems };
}

async function runAxe(page) {
  await page.addScriptTag({ path: require.resolve("axe-core/axe.min.js") });
  return page.evaluate(async (tags) => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      nodes: v.nodes.length,
      target: v.nodes[0]?.target?.join(" "),
      summary: v.nodes[0]?.failureSummary?.split("\n").slice(1, 2).join("").trim(),
    }));
  }, AXE_TAGS);
}

/** Every address a page names: links, stylesheets, icons, images, scripts, frames. */
async function addresses(page) {
  return page.evaluate(() => {
    const out = [];
    for (const el of document.querySelectorAll("[href], [src]")) {
      for (const attr of ["href", "src"]) {
        const raw = el.getAttribute(attr);
        if (raw === null) continue;
        let abs;
        try {
          abs = new URL(raw, document.baseURI).href;
        } catch {
          abs = null;
        }
        out.push({ tag: el.localName, raw, abs, text: (el.textContent || "").trim().slice(0, 40) });
      }
    }
    return out;
  });
}

async function checkLinks(page, path) {
  const links = await addresses(page);
  const bad = [];
  let internal = 0;
  let external = 0;
  let mail = 0;
  for (const link of links) {
    const where = `<${link.tag}> ${link.raw}`;
    if (!link.abs) {
      bad.push(`${where}: not an address`);
      continue;
    }
    const url = new URL(link.abs);
    if (url.protocol === "mailto:") {
      mail++;
      if (!/^[^@\s,]+@[^@\s,]+\.[^@\s,]+$/.test(decodeURIComponent(url.pathname))) bad.push(`${where}: not an e-mail address`);
      continue;
    }
    const target = local(link.abs);
    if (target === null) {
      // Outside the site: no network here, so only its form is checked.
      external++;
      if (url.protocol !== "https:" && url.protocol !== "http:") bad.push(`${where}: ${url.protocol} link`);
      continue;
    }
    internal++;
    const res = await get(target);
    if (res.status !== 200) {
      bad.push(`${where}: HTTP ${res.status}`);
      continue;
    }
    const hash = new URL(target).hash;
    if (hash && /html/.test(res.type)) {
      const id = decodeURIComponent(hash.slice(1));
      const text = res.body.toString("utf8");
      if (!text.includes(`id="${id}"`)) bad.push(`${where}: no element with id "${id}"`);
    }
  }
  const detail = `${internal} internal (each HTTP 200, anchors found), ${external} external (form only), ${mail} e-mail`;
  if (bad.length) return { ok: false, detail: `${plural(bad.length, "broken link")}: ${bad.slice(0, 4).join("; ")}` };
  return detail;
}

/** The subscribe (webcal://) and download (.ics) links lead to real iCalendar files. */
/** The feed a calendar app's one-click subscribe link hands over (Google's `cid`, Outlook's
 * `addfromweb?url=`), or null for any other link. */
function carriedFeed(href) {
  let url;
  try { url = new URL(href); } catch { return null; }
  if (url.hostname === "calendar.google.com" && url.searchParams.has("cid")) return url.searchParams.get("cid");
  if (/^outlook\.(live|office)\.com$/.test(url.hostname) && url.pathname.endsWith("/addfromweb")) {
    return url.searchParams.get("url");
  }
  return null;
}

async function checkFeeds(page, path) {
  const links = await page.evaluate(() =>
    [...document.querySelectorAll("a[href]")]
      .map((a) => ({ href: a.href, text: a.textContent.trim(), download: a.hasAttribute("download") }))
      // The brochure's link says "Download" too, but is a PDF: the links check follows it.
      .filter((a) => !/\.pdf$/.test(new URL(a.href).pathname))
      .filter((a) => a.href.startsWith("webcal:") || /\.ics$/.test(a.href) || a.download
        || /subscribe|download|\.ics|calendar\.google\.com\/calendar\/r\?|\/addfromweb\?/i.test(a.text + " " + a.href)));
  const bad = [];
  let subscribe = 0;
  let download = 0;
  for (const link of links) {
    // An app's subscribe link is checked through the feed it hands over.
    const carried = carriedFeed(link.href);
    const target = local(carried ?? link.href);
    if (target === null) {
      bad.push(`"${link.text}" → ${carried ?? link.href}: not an address of this site`);
      continue;
    }
    if (carried !== null || link.href.startsWith("webcal:")) subscribe++;
    else download++;
    if (!/\.ics$/.test(new URL(target).pathname)) {
      bad.push(`"${link.text}" → ${link.href}: not an .ics file`);
      continue;
    }
    const { problems, events } = isCalendar(await get(target));
    if (events === 0) problems.push("no VEVENT");
    if (problems.length) bad.push(`"${link.text}" → ${link.href}: ${problems.join(", ")}`);
  }
  if (subscribe === 0 && path === "index.html") bad.push("no subscribe (webcal://) link");
  if (download === 0) bad.push("no download (.ics) link");
  if (bad.length) return { ok: false, detail: bad.slice(0, 4).join("; ") };
  return `${subscribe} subscribe and ${download} download links, each a calendar with events`;
}

async function checkPages(browser) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  for (const path of PAGES) {
    let opened;
    await check("load", path, async () => {
      opened = await open(context, path);
      return `HTTP 200`;
    });
    if (!opened) continue;
    const { page, problems } = opened;
    await check("axe", path, async () => {
      const violations = await runAxe(page);
      if (violations.length === 0) return `no violations of ${AXE_TAGS.join(", ")}`;
      return {
        ok: false,
        detail: violations.map((v) => `${v.id} (${v.impact}, ${plural(v.nodes, "element")}, e.g. ${v.target}${v.summary ? `: ${v.summary}` : ""})`).join("; "),
      };
    });
    await check("links", path, () => checkLinks(page, path));
    await check("feeds", path, () => checkFeeds(page, path));
    // Read last, so that errors raised while checking count too.
    await check("console", path, async () =>
      problems.console.length ? { ok: false, detail: problems.console.slice(0, 3).join("; ") } : "no errors");
    await check("requests", path, async () =>
      problems.requests.length ? { ok: false, detail: problems.requests.slice(0, 3).join("; ") } : "none failed");
    await page.close();
  }
  await context.close();
}

// ---- 3. keyboard focus and reflow ------------------------------------------------------------

/** Tabs through a page and measures, for each element that takes focus, the outline it shows
 * against the colour behind it: WCAG 2.4.7 (focus visible) with 1.4.11's 3:1 for the indicator,
 * which axe-core does not check. */
async function focusProblems(page) {
  const seen = [];
  const bad = [];
  for (let i = 0; i < 400; i++) {
    await page.keyboard.press("Tab");
    const f = await page.evaluate(() => {
      const el = document.activeElement;
      if (!el || el === document.body) return null;
      window.focusSeen = window.focusSeen || new WeakSet();
      if (window.focusSeen.has(el)) return null;
      window.focusSeen.add(el);
      const parse = (c) => {
        const m = c.match(/rgba?\(([^)]+)\)/);
        if (!m) return [0, 0, 0, 0];
        const p = m[1].split(/[ ,/]+/).filter(Boolean).map(Number);
        return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
      };
      // The colour the outline is drawn over: the ancestors' backgrounds, blended, over white.
      const layers = [];
      for (let n = el.parentElement; n; n = n.parentElement) {
        const c = parse(getComputedStyle(n).backgroundColor);
        if (c[3] > 0) layers.push(c);
        if (c[3] >= 1) break;
      }
      let bg = [255, 255, 255];
      for (const c of layers.reverse()) bg = bg.map((v, i) => v * (1 - c[3]) + c[i] * c[3]);
      const lum = (rgb) => {
        const [r, g, b] = rgb.map((v) => {
          const s = v / 255;
          return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
        });
        return 0.2126 * r + 0.7152 * g + 0.0722 * b;
      };
      const cs = getComputedStyle(el);
      const oc = parse(cs.outlineColor);
      const outline = cs.outlineStyle !== "none" ? parseFloat(cs.outlineWidth) : 0;
      const [l1, l2] = [lum(oc.slice(0, 3)), lum(bg)].sort((a, b) => b - a);
      const contrast = (l1 + 0.05) / (l2 + 0.05);
      const r = el.getBoundingClientRect();
      const name = `${el.localName}${el.className ? "." + String(el.className).split(" ")[0] : ""} "${(el.textContent || "").trim().slice(0, 30)}"`;
      const onScreen = r.bottom > 0 && r.top < innerHeight && r.right > 0 && r.left < innerWidth;
      return { name, outline, contrast, onScreen };
    });
    if (!f) break;
    seen.push(f.name);
    if (f.outline < 2) bad.push(`${f.name}: no focus outline`);
    else if (f.contrast < 3) bad.push(`${f.name}: focus outline contrast ${f.contrast.toFixed(2)}:1`);
    else if (!f.onScreen) bad.push(`${f.name}: focused off screen`);
  }
  return { count: seen.length, bad };
}

async function checkKeyboardAndReflow(browser) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  for (const path of PAGES) {
    await check("focus", path, async () => {
      const { page } = await open(context, path);
      const { count, bad } = await focusProblems(page);
      await page.close();
      if (bad.length) return { ok: false, detail: `${bad.length} of ${count} focusable elements: ${bad.slice(0, 3).join("; ")}` };
      return `${count} focusable elements, each with an outline of at least 3:1 against its background`;
    });
  }
  await context.close();

  // WCAG 1.4.10: at 320 CSS px (1280 px zoomed to 400%) nothing scrolls sideways.
  const narrow = await browser.newContext({ viewport: { width: 320, height: 640 } });
  for (const path of PAGES) {
    await check("reflow", `${path} at 320 px`, async () => {
      const { page } = await open(narrow, path);
      const wide = await page.evaluate(() => {
        const vw = document.documentElement.clientWidth;
        const over = [...document.querySelectorAll("body *")]
          .filter((el) => el.getBoundingClientRect().right > vw + 1)
          .map((el) => `${el.localName}${el.className ? "." + String(el.className).split(" ")[0] : ""}`);
        return { scroll: document.documentElement.scrollWidth, vw, over: [...new Set(over)] };
      });
      await page.close();
      if (wide.scroll > wide.vw) return { ok: false, detail: `page is ${wide.scroll} px wide; too wide: ${wide.over.slice(0, 4).join(", ")}` };
      return `fits in ${wide.vw} px`;
    });
  }
  await narrow.close();
}

// ---- 4. navigation --------------------------------------------------------------------------

/** Is the element with this id on screen, its top near the top of the viewport (or the page
 * scrolled to its end, for the last sections)? */
async function landed(page, id) {
  return page.evaluate((id) => {
    const el = document.getElementById(id);
    if (!el) return { ok: false, why: `no element with id ${id}` };
    const top = el.getBoundingClientRect().top;
    const atEnd = Math.ceil(window.scrollY + window.innerHeight) >= document.documentElement.scrollHeight;
    const ok = top >= -2 && (top <= 80 || (atEnd && top < window.innerHeight - 40));
    return { ok, why: `top of #${id} at ${Math.round(top)} px` };
  }, id);
}

async function checkNavigation(browser) {
  for (const vp of VIEWPORTS) {
    await check("navigation", `month links at ${vp.width} px`, async () => {
      const context = await browser.newContext({ viewport: { width: vp.width, height: vp.height } });
      const { page } = await open(context, "index.html");
      const months = await page.$$eval("nav.months a", (as) => as.map((a) => a.getAttribute("href")));
      if (months.length === 0) return { ok: false, detail: "no month links in nav.months" };
      const bad = [];
      for (const href of months) {
        await page.click(`nav.months a[href="${href}"]`);
        await page.waitForFunction((h) => location.hash === h, href, { timeout: 2_000 }).catch(() => {});
        const hash = await page.evaluate(() => location.hash);
        if (hash !== href) {
          bad.push(`${href}: location hash is "${hash}"`);
          continue;
        }
        const where = await landed(page, decodeURIComponent(href.slice(1)));
        if (!where.ok) bad.push(`${href}: ${where.why}`);
      }
      await context.close();
      if (bad.length) return { ok: false, detail: bad.slice(0, 4).join("; ") };
      return `${months.length} of ${months.length} land on their month`;
    });
  }

  await check("navigation", "skip link", async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const { page } = await open(context, "index.html");
    await page.keyboard.press("Tab");
    const focused = await page.evaluate(() => {
      const a = document.activeElement;
      const r = a.getBoundingClientRect();
      return { cls: a.className, href: a.getAttribute("href"), visible: r.left >= 0 && r.top >= 0 && r.width > 0 };
    });
    let result;
    if (!/\bskip\b/.test(focused.cls)) result = { ok: false, detail: `first Tab focuses ${JSON.stringify(focused)}` };
    else if (!focused.visible) result = { ok: false, detail: "the focused skip link is off screen" };
    else {
      await page.keyboard.press("Enter");
      await page.waitForFunction(() => location.hash === "#main", null, { timeout: 2_000 }).catch(() => {});
      const hash = await page.evaluate(() => location.hash);
      result = hash === "#main" ? "first Tab shows it, Enter goes to #main" : { ok: false, detail: `Enter leads to "${hash}"` };
    }
    await context.close();
    return result;
  });

  await check("navigation", "an event's way back to its month", async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const { page } = await open(context, PAGES.find((p) => p.startsWith("events/")));
    const href = await page.getAttribute(".back a", "href");
    await Promise.all([page.waitForURL(/index\.html#/, { timeout: 10_000 }), page.click(".back a")]);
    const id = decodeURIComponent(new URL(page.url()).hash.slice(1));
    const where = await landed(page, id);
    await context.close();
    return where.ok ? `${href} → ${where.why}` : { ok: false, detail: `${href}: ${where.why}` };
  });
}

// ---- 4b. views.js with the reader's clock inside the edition --------------------------------

/** The reader's day for the views checks: inside the shipped edition, in Shanghai. */
const READER_DAY = "2021-06-10";
const READER_ZONE = "Asia/Shanghai";
/** A day after every edition of the shipped calendar. */
const AFTER_DAY = "2030-01-15";

async function readerContext(browser) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, timezoneId: READER_ZONE });
  await context.clock.setFixedTime(new Date(`${READER_DAY}T12:00:00+08:00`));
  return context;
}

async function checkViews(browser) {
  const listed = eventsJson.events;
  const pageOf = (e) => new URL(e.page).pathname.slice(new URL(publicBase).pathname.length);

  await check("views", `past events and the next one on ${READER_DAY}`, async () => {
    const context = await readerContext(browser);
    const { page } = await open(context, "index.html");
    const facts = await page.evaluate(() => ({
      past: [...document.querySelectorAll("li.event.past")].map((li) => li.querySelector(".title a").getAttribute("href")),
      next: document.querySelector("#upcoming:not([hidden]) a")?.getAttribute("href"),
      text: document.querySelector("#upcoming")?.textContent,
    }));
    await context.close();
    const wantPast = listed.filter((e) => e.end < READER_DAY).map(pageOf);
    // The index's order: by month, a month's dated events before its month-only ones.
    const order = (e) => [e.precision === "year" ? "9" : e.start.slice(0, 7), e.precision === "month" ? 1 : 0, e.start].join(" ");
    const wantNext = listed.filter((e) => e.end >= READER_DAY).sort((a, b) => (order(a) < order(b) ? -1 : order(a) > order(b) ? 1 : 0))[0];
    const bad = [];
    if (JSON.stringify([...facts.past].sort()) !== JSON.stringify([...wantPast].sort())) bad.push(`${facts.past.length} marked past, ${wantPast.length} are`);
    if (facts.next !== pageOf(wantNext)) bad.push(`#upcoming links ${facts.next}, not ${pageOf(wantNext)}`);
    return bad.length ? { ok: false, detail: bad.join("; ") } : `${wantPast.length} past; "${facts.text}"`;
  });

  await check("views", "today marked on the month grid", async () => {
    const context = await readerContext(browser);
    const { page } = await open(context, "calendar.html");
    const today = await page.$$eval('td[aria-current="date"]', (tds) => tds.map((td) => td.dataset.date));
    await context.close();
    return { ok: today.length === 1 && today[0] === READER_DAY, detail: `marked: ${today.join(", ") || "none"}` };
  });

  await check("views", "filters by tag, with the keyboard, kept in the address, announced", async () => {
    const context = await readerContext(browser);
    const { page } = await open(context, "index.html");
    const boxes = await page.$$eval("#filters input", (is) => is.map((i) => i.value));
    const tag = boxes[0];
    // The index lists the current edition: events.json's events that it links to.
    const links = await page.$$eval("li.event .title a", (as) => as.map((a) => a.getAttribute("href")));
    const onIndex = listed.filter((e) => links.some((href) => href.endsWith(`events/${e.slug}.html`)));
    const want = onIndex.filter((e) => e.tags.includes(tag)).length;
    const shown = () => page.$$eval("li.event", (lis) => lis.filter((li) => li.offsetParent !== null).length);
    // Tab from the legend's last link reaches the first box; Space checks it.
    await page.focus(`#filters input[value="${tag}"]`);
    await page.keyboard.press("Space");
    const bad = [];
    // (history.replaceState does not show in page.url(): the page's own location says it.)
    const search = await page.evaluate(() => location.search);
    if (new URLSearchParams(search).get("tags") !== tag) bad.push(`address "${search}"`);
    const n = await shown();
    if (n !== want) bad.push(`${n} shown for ${tag}, ${want} have it`);
    const said = await page.textContent("#filter-status");
    if (!said.includes(String(want))) bad.push(`live region says "${said}"`);
    // The address alone chooses, as a shared link does.
    await page.goto(opts.base + `index.html?tags=${tag}`);
    const again = await shown();
    const checked = await page.isChecked(`#filters input[value="${tag}"]`);
    if (again !== want || !checked) bad.push(`from the address: ${again} shown, box ${checked ? "" : "not "}checked`);
    await page.focus(`#filters input[value="${tag}"]`);
    await page.keyboard.press("Space");
    const all = await shown();
    const cleared = await page.evaluate(() => location.search);
    if (all !== onIndex.length || cleared) bad.push(`unchecked: ${all} of ${onIndex.length} shown`);
    await context.close();
    return bad.length ? { ok: false, detail: bad.join("; ") } : `${tag}: ${want} of ${onIndex.length} shown, "${said}"; all again once unchecked`;
  });

  // The shipped calendar has no timed event: the fixture's (tests/fixtures/site, 10:00-11:30
  // Europe/Madrid), as its golden snapshot holds it, served among the shipped pages.
  await check("views", `a timed event's hours in ${READER_ZONE}`, async () => {
    const snap = readFileSync(join(here, "../it/snapshots/it__site__events__webinar.html.snap"), "utf8");
    const html = snap.split("\n---\n").slice(1).join("\n---\n");
    const context = await readerContext(browser);
    await context.route("**/events/timed-probe.html", (route) => route.fulfill({ contentType: "text/html; charset=utf-8", body: html }));
    const page = await context.newPage();
    await page.goto(opts.base + "events/timed-probe.html", { waitUntil: "load" });
    const local = await page.textContent(".local:not([hidden])").catch(() => null);
    await context.close();
    const want = ` · 17:00–18:30 in ${READER_ZONE}`;
    return { ok: local === want, detail: `"${local}"${local === want ? "" : `, not "${want}"`}` };
  });
}

// ---- 5. phone: no JavaScript, weight, fonts --------------------------------------------------

async function checkPhone(browser) {
  await check("no-javascript", "every event readable on its edition's index with JavaScript off", async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, javaScriptEnabled: false });
    const { page } = await open(context, "index.html");
    const visible = (p) => p.$$eval("a[href]", (as) =>
      as.filter((a) => {
        const r = a.getBoundingClientRect();
        const s = getComputedStyle(a);
        return r.width > 0 && r.height > 0 && s.visibility !== "hidden" && s.opacity !== "0";
      }).map((a) => a.href));
    const shown = await visible(page);
    const scripts = await page.$$eval("script", (s) => s.length);
    // The other editions' events are on their own indexes, which the root links.
    const editions = await page.$$eval("nav.editions a", (as) => as.map((a) => a.href));
    for (const url of editions) {
      const other = await context.newPage();
      await other.goto(url, { waitUntil: "load" });
      shown.push(...(await visible(other)));
      await other.close();
    }
    await context.close();
    const missing = eventsJson.events.filter((e) => !shown.includes(opts.base + new URL(e.page).pathname.slice(new URL(publicBase).pathname.length)));
    if (missing.length) {
      return { ok: false, detail: `${missing.length} of ${eventsJson.events.length} events not shown, e.g. ${missing.slice(0, 3).map((e) => e.title).join("; ")}` };
    }
    return `${eventsJson.events.length} of ${eventsJson.events.length} events shown; ${plural(scripts, "script")} on the page`;
  });

  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  const responses = [];
  page.on("response", (r) => {
    const type = /^image\//.test(r.headers()["content-type"] || "") ? "image" : r.request().resourceType();
    responses.push(r.body().then(
      (body) => ({ url: r.url(), type, bytes: body.length, gzip: gzipSync(body).length }),
      () => ({ url: r.url(), type, bytes: 0, gzip: 0 })));
  });
  await page.goto(opts.base + "index.html", { waitUntil: "load" });
  await page.waitForLoadState("networkidle", { timeout: 10_000 }).catch(() => {});
  const loaded = await Promise.all(responses);

  await check("weight", `index under ${kb(MAX_WEIGHT)} before images`, async () => {
    const counted = loaded.filter((r) => r.type !== "image");
    const total = counted.reduce((n, r) => n + r.bytes, 0);
    const gz = counted.reduce((n, r) => n + r.gzip, 0);
    const parts = counted.map((r) => `${r.url.slice(opts.base.length)} ${kb(r.bytes)}`).join(", ");
    const images = loaded.filter((r) => r.type === "image").map((r) => r.url.slice(opts.base.length));
    const detail = `${kb(total)} (${kb(gz)} gzipped): ${parts}; not counted: ${images.join(", ") || "no images"}`;
    return { ok: total <= MAX_WEIGHT, detail };
  });

  await check("weight", "embed.html under 30 KB with everything it loads; upcoming first", async () => {
    const context = await readerContext(browser);
    const embed = await context.newPage();
    const sizes = [];
    embed.on("response", (r) => sizes.push(r.body().then((b) => ({ url: r.url(), bytes: b.length }), () => ({ url: r.url(), bytes: 0 }))));
    await embed.goto(opts.base + "embed.html", { waitUntil: "load" });
    await embed.waitForLoadState("networkidle", { timeout: 10_000 }).catch(() => {});
    const order = await embed.$$eval(".embed-list li", (lis) => lis.map((li) => li.classList.contains("past")));
    const targets = await embed.$$eval("a[href]", (as) => as.filter((a) => a.target !== "_top").length);
    await context.close();
    const got = await Promise.all(sizes);
    const total = got.reduce((n, r) => n + r.bytes, 0);
    const firstPast = order.indexOf(true);
    const upcomingFirst = firstPast >= 0 && order.slice(firstPast).every((p) => p) && firstPast > 0;
    const detail = `${kb(total)}: ${got.map((r) => `${r.url.slice(opts.base.length)} ${kb(r.bytes)}`).join(", ")}; ${order.length - firstPast} past after ${firstPast} to come; ${targets} links not to _top`;
    return { ok: total <= 30 * 1024 && upcomingFirst && targets === 0, detail };
  });

  await check("fonts", "system fonts first, no web fonts", async () => {
    const fontFiles = loaded.filter((r) => r.type === "font").map((r) => r.url);
    const facts = await page.evaluate(() => {
      let faces = 0;
      for (const sheet of document.styleSheets) {
        try {
          for (const rule of sheet.cssRules) if (rule.type === CSSRule.FONT_FACE_RULE) faces++;
        } catch {
          faces++; // a stylesheet that cannot be read is not a system font
        }
      }
      const stacks = new Set();
      for (const el of document.querySelectorAll("body, body *")) stacks.add(getComputedStyle(el).fontFamily);
      return { faces, stacks: [...stacks] };
    });
    const first = (stack) => stack.split(",")[0].trim().replace(/^["']|["']$/g, "").toLowerCase();
    const notSystem = facts.stacks.filter((s) => !SYSTEM_FONTS.includes(first(s)));
    const bad = [];
    if (fontFiles.length) bad.push(`font files loaded: ${fontFiles.join(", ")}`);
    if (facts.faces) bad.push(`${plural(facts.faces, "@font-face rule")}`);
    if (notSystem.length) bad.push(`stacks not starting with a system font: ${notSystem.join(" | ")}`);
    if (bad.length) return { ok: false, detail: bad.join("; ") };
    return `no font files, no @font-face; ${plural(facts.stacks.length, "stack")}, each starting with ${[...new Set(facts.stacks.map(first))].join(", ")}`;
  });
  await context.close();
}

// ---- 5b. the reader's views designed: the grid, the index's front, the embedded list ---------

/** What of a page's interactive parts (filters, checkboxes, the language switcher, the month
 * links, "Show only") would show on paper: the page in print media, those elements measured. */
async function interactivePrinted(page) {
  await page.emulateMedia({ media: "print" });
  const shown = await page.evaluate(() => {
    const seen = (el) => {
      const r = el.getBoundingClientRect();
      return r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== "hidden";
    };
    const out = [];
    const kinds = [["input, button, select, summary", "a control"], ["nav.languages", "the language switcher"],
      ["nav.months", "the month links"], [".filter-name", "\"Show only\""]];
    for (const [sel, name] of kinds) {
      const n = [...document.querySelectorAll(sel)].filter(seen).length;
      if (n) out.push(`${name} (${n})`);
    }
    return out;
  });
  // Back to the page's own media: page.pdf() prints with the emulated one.
  await page.emulateMedia({ media: null });
  return shown;
}

/** Each tag's label in a language, from its tag page's heading. */
async function tagLabels(code) {
  const ids = [...new Set(eventsJson.events.flatMap((e) => e.tags))];
  const out = [];
  for (const id of ids) {
    const res = await get(opts.base + `${code ? code + "/" : ""}tags/${id}.html`);
    const m = res.body.toString("utf8").match(/<h1[^>]*>(?:<span[^>]*>[^<]*<\/span>)?\s*([^<]+)<\/h1>/);
    if (m) out.push(m[1].trim().replace(/&#39;/g, "'").replace(/&amp;/g, "&"));
  }
  return out;
}

async function checkDesign(browser) {
  const dated = eventsJson.events.filter((e) => (e.precision === "day" || e.precision === "range"));
  for (const code of LANGUAGES) {
    const prefix = code ? code + "/" : "";
    await check("grid", `${prefix}calendar.html: an event once in each week, with its tags`, async () => {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      const { page } = await open(context, `${prefix}calendar.html`);
      const facts = await page.evaluate(() => {
        const weeks = [...document.querySelectorAll(".grid tbody")].map((tb) =>
          [...tb.querySelectorAll("a.bar")].map((a) => a.getAttribute("href")));
        const bars = [...document.querySelectorAll(".year-grid a.bar")].map((a) => ({
          href: a.getAttribute("href"),
          tags: a.dataset.tags ? a.dataset.tags.split(" ") : [],
          markers: a.querySelectorAll(".marker").length,
          tinted: /\btag-\d+\b/.test(a.className),
        }));
        const year = document.querySelector(".grid-month")?.id.slice(0, 4);
        return { weeks, bars, year };
      });
      await context.close();
      const bad = [];
      facts.weeks.forEach((week, i) => {
        const twice = week.filter((h, j) => week.indexOf(h) !== j);
        if (twice.length) bad.push(`week ${i + 1}: ${[...new Set(twice)].join(", ")} more than once`);
      });
      const bySlug = new Map(eventsJson.events.map((e) => [e.slug, e]));
      for (const bar of facts.bars) {
        const e = bySlug.get(bar.href.replace(/^.*events\//, "").replace(/\.html$/, ""));
        if (!e) { bad.push(`${bar.href}: no such event`); continue; }
        if ([...bar.tags].sort().join() !== [...e.tags].sort().join()) bad.push(`${e.slug}: data-tags "${bar.tags.join(" ")}", not "${e.tags.join(" ")}"`);
        if (bar.markers !== e.tags.length) bad.push(`${e.slug}: ${bar.markers} markers for ${e.tags.length} tags`);
        if (e.tags.length && !bar.tinted) bad.push(`${e.slug}: not in its tag's colour`);
      }
      const inYear = dated.filter((e) => e.start.slice(0, 4) === facts.year || e.end.slice(0, 4) === facts.year);
      const missing = inYear.filter((e) => !facts.bars.some((b) => b.href.endsWith(`events/${e.slug}.html`)));
      if (missing.length) bad.push(`not on the grid: ${missing.map((e) => e.slug).slice(0, 3).join(", ")}`);
      const weeksWith = facts.weeks.filter((w) => w.length).length;
      return { ok: bad.length === 0, detail: bad.length ? bad.slice(0, 4).join("; ") : `${facts.bars.length} bars in ${weeksWith} weeks, each event once a week, ${inYear.length} dated events, each with its markers` };
    });

    await check("grid", `${prefix}calendar.html: no word broken inside`, async () => {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      const { page } = await open(context, `${prefix}calendar.html`);
      const broken = await page.evaluate(() => [...document.querySelectorAll(".year-grid, .year-grid *")]
        .filter((el) => { const s = getComputedStyle(el); return s.overflowWrap === "anywhere" || s.wordBreak === "break-all"; })
        .map((el) => `${el.localName}.${String(el.className).split(" ")[0]}`));
      await context.close();
      if (broken.length) return { ok: false, detail: `overflow-wrap: anywhere or word-break: break-all on ${[...new Set(broken)].slice(0, 4).join(", ")}` };
      return "no overflow-wrap: anywhere, no word-break: break-all";
    });

    await check("grid", `${prefix}calendar.html at 390 px: an agenda under ${MAX_GRID_PHONE_HEIGHT} px, no empty month`, async () => {
      const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
      const { page } = await open(context, `${prefix}calendar.html`);
      const facts = await page.evaluate(() => ({
        height: document.documentElement.scrollHeight,
        empty: [...document.querySelectorAll(".grid-month")].filter((s) => s.offsetParent !== null && !s.querySelector("a[href]")).map((s) => s.id),
        tables: [...document.querySelectorAll(".grid")].filter((t) => t.offsetParent !== null).length,
      }));
      await context.close();
      const bad = [];
      if (facts.height >= MAX_GRID_PHONE_HEIGHT) bad.push(`${facts.height} px tall`);
      if (facts.empty.length) bad.push(`empty months shown: ${facts.empty.join(", ")}`);
      if (facts.tables) bad.push(`${facts.tables} month tables shown instead of the agenda`);
      return { ok: bad.length === 0, detail: bad.length ? bad.join("; ") : `${facts.height} px tall` };
    });

    for (const width of [390, 1280]) {
      await check("front", `${prefix}index.html at ${width} px: the title once, subscribing and each tag once before the first month, markers beside titles`, async () => {
        const labels = await tagLabels(code);
        const context = await browser.newContext({ viewport: { width, height: 800 } });
        const { page } = await open(context, `${prefix}index.html`);
        const facts = await page.evaluate(() => {
          const first = document.querySelector("section.month h2, section.month h3");
          const range = document.createRange();
          range.setStartBefore(document.body.firstChild);
          range.setEndBefore(first);
          const before = range.toString();
          const top = first.getBoundingClientRect().top;
          const links = [...document.querySelectorAll(".subscribe-links a")];
          const subscribeBefore = links.filter((a) => a.getBoundingClientRect().bottom <= top
            && (a.compareDocumentPosition(first) & Node.DOCUMENT_POSITION_FOLLOWING)).length;
          const boxes = [...document.querySelectorAll("#filters input")].map((i) => Math.round(i.getBoundingClientRect().width));
          // The title as read on the screen (innerText leaves out what is not shown), without
          // the edition's year, in what is shown above the first month.
          const title = document.querySelector("h1").innerText.replace(/\s*\d{4}$/, "").trim();
          const shown = document.body.innerText;
          const shownBefore = shown.slice(0, shown.indexOf(first.innerText));
          const titles = shownBefore.split(title).length - 1;
          // A title's markers: on its last line, right after it, or (no room left) at the
          // start of the next line.
          const apart = [];
          for (const li of document.querySelectorAll("li.event")) {
            if (!li.dataset.tags) continue;
            const rects = li.querySelector(".title a").getClientRects();
            const end = rects[rects.length - 1];
            const m = li.querySelector(".markers").getBoundingClientRect();
            const sameLine = Math.abs((m.top + m.bottom) / 2 - (end.top + end.bottom) / 2) < end.height / 2;
            const beside = sameLine ? m.left - end.right >= -1 && m.left - end.right <= 40
              : m.top >= end.bottom - 2 && m.top - end.bottom < end.height && Math.abs(m.left - rects[0].left) < 4;
            if (!beside) apart.push(li.querySelector(".title a").textContent.trim().slice(0, 40));
          }
          return { before, subscribeBefore, boxes, legendTags: document.querySelectorAll("#filters input").length, title, titles, apart, tagged: document.querySelectorAll("li.event:not([data-tags=''])").length };
        });
        await context.close();
        const bad = [];
        if (facts.subscribeBefore === 0) bad.push("no subscribe link before the first month");
        for (const label of labels) {
          const n = facts.before.split(label).length - 1;
          if (n !== 1) bad.push(`"${label}" ${n} times above the first month`);
        }
        const squeezed = facts.boxes.filter((w) => w < 16);
        if (squeezed.length) bad.push(`filter boxes squeezed to ${squeezed.join(", ")} px`);
        if (facts.legendTags < labels.length) bad.push(`${facts.legendTags} filter boxes for ${labels.length} tags`);
        if (facts.titles !== 1) bad.push(`"${facts.title}" shown ${facts.titles} times above the first month`);
        if (facts.apart.length) bad.push(`markers away from their titles: ${facts.apart.slice(0, 3).join(", ")}`);
        return { ok: bad.length === 0, detail: bad.length ? bad.join("; ") : `"${facts.title}" once, ${facts.subscribeBefore} subscribe links, then ${plural(labels.length, "tag")} once each (the legend is the filter, boxes ${facts.boxes.join(", ")} px); markers beside each of ${facts.tagged} titles` };
      });
    }

    await check("embed", `${prefix}embed.html: month headings, markers, titles aligned`, async () => {
      const context = await readerContext(browser);
      const { page } = await open(context, `${prefix}embed.html`);
      const facts = await page.evaluate(() => {
        const rows = [...document.querySelectorAll(".embed-list li")];
        const lefts = new Set(rows.map((li) => Math.round(li.querySelector(".what").getBoundingClientRect().left)));
        return {
          headings: [...document.querySelectorAll(".embed-month:not([hidden]) h2")].length,
          untagged: rows.filter((li) => li.dataset.tags && li.querySelectorAll(".marker").length !== li.dataset.tags.split(" ").length).length,
          lefts: [...lefts],
          rows: rows.length,
        };
      });
      await context.close();
      const bad = [];
      if (facts.headings < 2) bad.push(`${facts.headings} month headings`);
      if (facts.untagged) bad.push(`${facts.untagged} events without their markers`);
      if (facts.lefts.length !== 1) bad.push(`titles start at ${facts.lefts.length} different places`);
      return { ok: bad.length === 0, detail: bad.length ? bad.join("; ") : `${facts.rows} events under ${facts.headings} headings, titles aligned at ${facts.lefts[0]} px` };
    });

    // Once the edition is over, its events stay under their months (dimmed), not in one
    // long list of past events.
    await check("embed", `${prefix}embed.html after the edition: still under its months`, async () => {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, timezoneId: READER_ZONE });
      await context.clock.setFixedTime(new Date(`${AFTER_DAY}T12:00:00+08:00`));
      const { page } = await open(context, `${prefix}embed.html`);
      const facts = await page.evaluate(() => ({
        headings: document.querySelectorAll(".embed-month:not([hidden]) h2").length,
        pastShown: !document.querySelector(".embed-past").hidden,
        rows: document.querySelectorAll(".embed-list li").length,
        dimmed: document.querySelectorAll(".embed-list li.past").length,
      }));
      await context.close();
      const bad = [];
      if (facts.headings < 2) bad.push(`${facts.headings} month headings`);
      if (facts.pastShown) bad.push("one list of past events");
      if (facts.dimmed !== facts.rows) bad.push(`${facts.dimmed} of ${facts.rows} events dimmed as past`);
      return { ok: bad.length === 0, detail: bad.length ? bad.join("; ") : `on ${AFTER_DAY}: ${facts.rows} events, all past, under ${facts.headings} month headings` };
    });
  }
}

// ---- 6. looks: screenshots and print ---------------------------------------------------------

function readPng(file) {
  return PNG.sync.read(readFileSync(file));
}

/** A PNG's top-left w×h pixels, as a new PNG. */
function crop(png, w, h) {
  const out = new PNG({ width: w, height: h });
  for (let y = 0; y < h; y++) png.data.copy(out.data, y * w * 4, y * png.width * 4, y * png.width * 4 + w * 4);
  return out;
}

/** Compares a fresh PNG with its reference: pixels differing in the common area, plus every
 * pixel of one that the other lacks when the sizes differ. Writes the actual and a diff image
 * to --out, or, with --update-references, the reference itself. */
function compare(name, actualBuffer) {
  const refFile = join(opts.references, `${name}.png`);
  writeFileSync(join(opts.out, `${name}.png`), actualBuffer);
  if (opts.updateReferences) {
    mkdirSync(opts.references, { recursive: true });
    writeFileSync(refFile, actualBuffer);
    const png = PNG.sync.read(actualBuffer);
    return `reference written: ${png.width}×${png.height}`;
  }
  if (!existsSync(refFile)) return { ok: false, detail: `no reference ${relative(process.cwd(), refFile)}; run with UPDATE_REFERENCES=1` };
  const actual = PNG.sync.read(actualBuffer);
  const ref = readPng(refFile);
  const w = Math.min(actual.width, ref.width);
  const h = Math.min(actual.height, ref.height);
  const a = crop(actual, w, h);
  const r = crop(ref, w, h);
  const diff = new PNG({ width: w, height: h });
  const differing = pixelmatch(a.data, r.data, diff.data, w, h, { threshold: PIXEL_THRESHOLD });
  writeFileSync(join(opts.out, `${name}-diff.png`), PNG.sync.write(diff));
  const area = Math.max(actual.width * actual.height, ref.width * ref.height);
  const missing = area - w * h;
  const ratio = (differing + missing) / area;
  const size = actual.width === ref.width && actual.height === ref.height
    ? `${w}×${h}` : `${actual.width}×${actual.height}, reference ${ref.width}×${ref.height}`;
  const detail = `${(ratio * 100).toFixed(2)}% of pixels differ (at most ${(MAX_DIFF_RATIO * 100).toFixed(1)}%), ${size}`;
  return { ok: ratio <= MAX_DIFF_RATIO, detail: ratio <= MAX_DIFF_RATIO ? detail : `${detail}; see ${relative(process.cwd(), join(opts.out, `${name}-diff.png`))}` };
}

async function checkLooks(browser) {
  for (const vp of VIEWPORTS) {
    await check("screenshots", `index at ${vp.width} px`, async () => {
      const context = await browser.newContext({ viewport: { width: vp.width, height: vp.height }, deviceScaleFactor: 1 });
      const { page } = await open(context, "index.html");
      await page.evaluate(() => document.fonts.ready);
      const shot = await page.screenshot({ fullPage: true, animations: "disabled", caret: "hide" });
      await context.close();
      return compare(vp.name, shot);
    });
  }

  // The month grid: a table per month on a desktop, a list of busy days on a phone.
  for (const width of [390, 1280]) {
    await check("screenshots", `calendar at ${width} px`, async () => {
      const context = await browser.newContext({ viewport: { width, height: 800 }, deviceScaleFactor: 1 });
      const { page } = await open(context, "calendar.html");
      await page.evaluate(() => document.fonts.ready);
      const shot = await page.screenshot({ fullPage: true, animations: "disabled", caret: "hide" });
      await context.close();
      return compare(`calendar-${width}`, shot);
    });
  }

  // Printed, the grid fits about three months to an A4 page: twelve months on six pages at
  // most, each page holding at least one month whole, and nothing to click printed.
  for (const code of LANGUAGES) {
    const path = `${code ? code + "/" : ""}calendar.html`;
    await check("print", `${path} printed to PDF (A4): 12 months on at most ${MAX_GRID_PAGES} pages`, async () => {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      const { page } = await open(context, path);
      const captions = await page.$$eval(".grid-month h2", (hs) => hs.map((h) => h.firstChild.textContent.trim()));
      const shown = await interactivePrinted(page);
      const pdfFile = join(opts.out, `calendar${code ? "-" + code : ""}.pdf`);
      await page.pdf({ path: pdfFile, format: "A4", printBackground: true, margin: { top: "1cm", bottom: "1cm", left: "1cm", right: "1cm" } });
      await context.close();
      const info = execFileSync("pdfinfo", [pdfFile], { encoding: "utf8" });
      const pages = Number((info.match(/^Pages:\s+(\d+)/m) || [])[1]);
      const bad = [];
      const perPage = [];
      for (let n = 1; n <= pages; n++) {
        const text = execFileSync("pdftotext", ["-f", String(n), "-l", String(n), "-layout", pdfFile, "-"], { encoding: "utf8" }).toUpperCase();
        // The captions print in capitals (text-transform), so the text is compared as such.
        const on = captions.filter((c) => text.includes(c.toUpperCase()));
        perPage.push(on.length);
        if (on.length === 0) bad.push(`page ${n} holds no month (nearly empty)`);
      }
      const months = captions.filter((c) => /\d{4}/.test(c)).length;
      if (months !== 12) bad.push(`${months} month captions, not 12`);
      if (pages > MAX_GRID_PAGES) bad.push(`${pages} pages`);
      if (shown.length) bad.push(`printed: ${shown.join(", ")}`);
      return { ok: bad.length === 0, detail: `${plural(pages, "page")}, months per page: ${perPage.join(", ")}${bad.length ? "; " + bad.join("; ") : ""}` };
    });
  }

  // French and Spanish: long month names and labels must not break the layout.
  for (const code of ["fr", "es"]) {
    for (const vp of VIEWPORTS) {
      await check("screenshots", `${code}/index at ${vp.width} px`, async () => {
        const context = await browser.newContext({ viewport: { width: vp.width, height: vp.height }, deviceScaleFactor: 1 });
        const { page } = await open(context, `${code}/index.html`);
        await page.evaluate(() => document.fonts.ready);
        const shot = await page.screenshot({ fullPage: true, animations: "disabled", caret: "hide" });
        await context.close();
        return compare(`${code}-${vp.name}`, shot);
      });
    }
  }

  // The README shows the top of each reference; they must not drift apart.
  for (const vp of [...VIEWPORTS, { name: "calendar-390", width: 390 }, { name: "calendar-1280", width: 1280 }]) {
    await check("screenshots", `docs/${vp.name}.png is the top of the reference`, async () => {
      const ref = readPng(join(opts.references, `${vp.name}.png`));
      const top = crop(ref, ref.width, Math.min(ref.height, DOCS_HEIGHT));
      const docsFile = join(opts.docs, `${vp.name}.png`);
      if (opts.updateReferences) {
        writeFileSync(docsFile, PNG.sync.write(top));
        return `written: ${top.width}×${top.height}`;
      }
      const docs = readPng(docsFile);
      const same = docs.width === top.width && docs.height === top.height && docs.data.equals(top.data);
      return same ? `${top.width}×${top.height}` : { ok: false, detail: "differs; run with UPDATE_REFERENCES=1" };
    });
  }

  await check("print", "index printed to PDF (A4)", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const { page } = await open(context, "index.html");
    const shown = await interactivePrinted(page);
    // The PDF is written whatever is printed: the next check compares its first page.
    const pdfFile = join(opts.out, "index.pdf");
    await page.pdf({ path: pdfFile, format: "A4", printBackground: true, margin: { top: "1cm", bottom: "1cm", left: "1cm", right: "1cm" } });
    await context.close();
    const info = execFileSync("pdfinfo", [pdfFile], { encoding: "utf8" });
    const pages = Number((info.match(/^Pages:\s+(\d+)/m) || [])[1]);
    const printed = shown.length ? `; printed: ${shown.join(", ")}` : "";
    const refFile = join(opts.references, "print.json");
    if (opts.updateReferences) {
      writeFileSync(refFile, JSON.stringify({ pages }, null, 2) + "\n");
      return { ok: !shown.length, detail: `reference written: ${plural(pages, "page")}${printed}` };
    }
    const want = JSON.parse(readFileSync(refFile, "utf8")).pages;
    return { ok: pages === want && !shown.length, detail: `${plural(pages, "page")} (reference: ${want})${printed}` };
  });

  await check("print", "first printed page", async () => {
    const pdfFile = join(opts.out, "index.pdf");
    const stem = join(opts.out, "print-page1-render");
    execFileSync("pdftoppm", ["-f", "1", "-l", "1", "-r", "72", "-png", "-singlefile", pdfFile, stem]);
    return compare("print-page1", readFileSync(`${stem}.png`));
  });
}

// ---- run ------------------------------------------------------------------------------------

const started = Date.now();
let browser;
try {
  const wanted = (group) => !opts.only || opts.only.includes(group);
  await waitForServer();
  if (wanted("html")) await checkHtml();
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: CHROMIUM_ARGS,
    timeout: 30_000,
  });
  if (wanted("pages")) await checkPages(browser);
  if (wanted("keyboard")) await checkKeyboardAndReflow(browser);
  if (wanted("navigation")) await checkNavigation(browser);
  if (wanted("views")) await checkViews(browser);
  if (wanted("phone")) await checkPhone(browser);
  if (wanted("design")) await checkDesign(browser);
  if (wanted("looks")) await checkLooks(browser);
} catch (e) {
  record("run", "setup", false, String(e && e.message ? e.message : e).split("\n")[0]);
} finally {
  if (browser) await browser.close();
}

if (opts.json) writeFileSync(opts.json, JSON.stringify(results, null, 2) + "\n");
const families = [...new Set(results.map((r) => r.family))];
console.log("");
for (const f of families) {
  const passed = results.filter((r) => r.family === f && r.ok).length;
  const failed = results.filter((r) => r.family === f && !r.ok).length;
  if (opts.quiet) console.log(`  ${f} — ${passed} ok, ${failed} caught (self-test)`);
  else console.log(`${f}: ${passed} passed, ${failed} failed`);
}
const passed = results.filter((r) => r.ok).length;
const failed = results.length - passed;
const seconds = ((Date.now() - started) / 1000).toFixed(0);
if (opts.quiet) {
  console.log(`  all — ${passed} ok, ${failed} caught, ${seconds} s (self-test)`);
} else {
  console.log(`(${seconds} s; screenshots, diffs and the PDF are in ${relative(process.cwd(), opts.out) || "."})`);
  console.log(`browser: ${passed} passed, ${failed} failed`);
}
process.exit(failed ? 1 : 0);

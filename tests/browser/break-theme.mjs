// Breaks a copy of the default theme, one realistic regression per check family, for
// `tests/browser/run --broken-theme-selftest`. selftest.mjs lists what each breakage must trip.
//
//   node break-theme.mjs broken PROJECT/themes/default   one breakage per check family
//   node break-theme.mjs nudged PROJECT/themes/default   only the date column half a rem wider,
//                                                         a small layout regression
import { appendFileSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const [mode, theme] = process.argv.slice(2);
if (!theme || !["broken", "nudged"].includes(mode)) throw new Error("usage: node break-theme.mjs broken|nudged THEME_DIR");

/** Replaces text that must be there: a template that changed shape fails loudly, so the
 * self-test never passes by breaking nothing. */
function edit(file, from, to) {
  const path = join(theme, file);
  const text = readFileSync(path, "utf8");
  if (!text.includes(from)) throw new Error(`break-theme: ${file} no longer contains ${JSON.stringify(from)}`);
  writeFileSync(path, text.replace(from, to));
}

if (mode === "nudged") {
  edit("static/style.css", "grid-template-columns: 7.5rem 1fr;", "grid-template-columns: 8rem 1fr;");
  process.exit(0);
}

// Stylesheet: low contrast, an invisible focus, a web font first, a box too wide for a phone,
// events hidden until a script runs, words broken anywhere in the grid, the language switcher
// printed, markers pushed away from their titles, and 110 KB of dead weight. The grey titles are !important: the stylesheet's own
// rule for past events (every event, on a clock after the edition) would outrank them.
appendFileSync(join(theme, "static/style.css"), `
/* ---- broken on purpose by tests/browser/break-theme.mjs ---- */
.event .title a { color: #ccc !important; }
.masthead a:focus-visible, a:focus-visible { outline: none; }
@font-face { font-family: "Brand Sans"; src: url(brand-sans.woff2) format("woff2"); }
:root { font-family: "Brand Sans", system-ui, sans-serif; }
.legend { min-width: 36rem; }
html:not(.js) .events { display: none; }
.grid td { overflow-wrap: anywhere; }
@media print { .languages { display: block !important; } }
.event .markers { float: right; }
/* ${"dead weight ".repeat(110 * 1024 / 12)} */
`);

// Page frame: a script the calendar now depends on, which also throws, and a dead link.
edit("templates/base.html", "</head>",
  `<script>document.documentElement.className = "js"; window.addEventListener("load", function () { notDefined(); });</script>
</head>`);
edit("templates/base.html", `<a href="{{ root }}events.json">events.json</a>`,
  `<a href="{{ root }}events.json">events.json</a> · <a href="{{ root }}archive.html">Archive</a>`);

// Event rows: an image without alt text.
edit("templates/months.html", `<p class="when">`, `<img src="{{ root }}favicon.svg" width="16" height="16"><p class="when">`);

// Index: month links to anchors that do not exist, and tag "download" links to HTML pages.
edit("templates/index.html", `<a href="#{{ month.anchor }}">`, `<a href="#month-{{ month.anchor }}">`);
edit("templates/index.html", `<a href="{{ root }}{{ tag.feed }}">{{ t.download }}</a>`, `<a href="{{ root }}{{ tag.page }}">{{ t.download }}</a>`);

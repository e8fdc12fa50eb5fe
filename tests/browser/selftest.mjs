// Reads the results of check.mjs on the themes that break-theme.mjs broke and asserts that
// every breakage was caught by the check meant to catch it, and that each run failed.
//
//   node selftest.mjs broken RESULTS_JSON EXIT_STATUS nudged RESULTS_JSON EXIT_STATUS
import { readFileSync } from "node:fs";

/** For each mode of break-theme.mjs: [what broke, family, check name, what its failure says] */
const EXPECTED = {};
EXPECTED.broken = [
  ["grey event titles on white", "axe", /^index\.html$/, /color-contrast/],
  ["an <img> without alt", "axe", /^index\.html$/, /image-alt/],
  ["an <img> without alt", "html-validate", /^index\.html$/, /wcag\/h37|alt/],
  ["focus outline removed", "focus", /^index\.html$/, /no focus outline/],
  ["a legend wider than a phone", "reflow", /^index\.html/, /too wide/],
  ["a link to a page that does not exist", "links", /^events\//, /archive\.html: HTTP 404/],
  ["month links to missing anchors", "links", /^index\.html$/, /no element with id "month-2021/],
  ["month links to missing anchors", "navigation", /month links at 390 px/, /no element with id/],
  ["month links to missing anchors", "navigation", /month links at 1280 px/, /no element with id/],
  ["tag download links to HTML pages", "feeds", /^index\.html$/, /not an \.ics file/],
  ["a script that throws", "console", /^index\.html$/, /uncaught: .*notDefined/],
  ["a web font that is not there", "requests", /^index\.html$/, /brand-sans\.woff2/],
  ["a web font first in the stack", "fonts", /./, /@font-face.*Brand Sans|Brand Sans/],
  ["events shown only by a script", "no-javascript", /./, /events not shown/],
  ["110 KB of dead CSS", "weight", /./, /KB/],
  ["words broken anywhere in the grid", "grid", /^calendar\.html: no word broken/, /overflow-wrap: anywhere/],
  ["the language switcher printed", "print", /^calendar\.html printed/, /the language switcher/],
  ["the language switcher printed", "print", /index printed to PDF/, /the language switcher/],
  ["markers pushed away from their titles", "front", /^index\.html at 1280 px/, /markers away from their titles/],
  ["the look changed", "screenshots", /index at 390 px/, /pixels differ/],
  ["the look changed", "screenshots", /index at 1280 px/, /pixels differ/],
  ["the look changed", "print", /first printed page/, /pixels differ/],
];
// The date column half a rem wider: within the tolerance of neither the desktop screenshot nor
// the printed page (on a phone the date sits above the title, so that one does not change).
EXPECTED.nudged = [
  ["date column 0.5rem wider", "screenshots", /index at 1280 px/, /pixels differ/],
  ["date column 0.5rem wider", "print", /first printed page/, /pixels differ/],
];

let passed = 0;
let failed = 0;
const say = (ok, text) => {
  console.log(`${ok ? "ok  " : "FAIL"} selftest: ${text}`);
  if (ok) passed++;
  else failed++;
};
const args = process.argv.slice(2);
console.log("");
for (let i = 0; i < args.length; i += 3) {
  const [mode, file, status] = args.slice(i, i + 3);
  const results = JSON.parse(readFileSync(file, "utf8"));
  say(Number(status) === 1, `the checks exit ${status} on the ${mode} theme${Number(status) === 1 ? "" : ", not 1"}`);
  for (const [what, family, name, detail] of EXPECTED[mode]) {
    const hit = results.find((r) => r.family === family && name.test(r.name) && !r.ok && detail.test(r.detail));
    if (hit) {
      const part = hit.detail.split("; ").find((d) => detail.test(d)) || hit.detail;
      say(true, `${what} → ${family} (${hit.name}) fails: ${part.slice(0, 100)}`);
    } else {
      const seen = results.filter((r) => r.family === family && name.test(r.name));
      const said = seen.map((r) => `${r.ok ? "passed" : "failed"}: ${r.detail}`).join(" | ") || "no such check ran";
      say(false, `${what} → ${family} ${name} should fail with ${detail}; ${said}`);
    }
  }
}
console.log(`selftest: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);

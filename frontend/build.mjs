// Builds the portal's one stylesheet and one script into ../static (committed, so the
// server needs no Node). Run through `make css`, which passes the folders of the Python
// packages whose templates and code also write CSS classes into our pages:
//   node build.mjs <crispy_bootstrap5 dir> <crispy_forms dir> <django/forms dir>
//
// 1. Dart Sass compiles src/portal.scss: the Bootstrap 5.3 parts in use + our rules.
// 2. PurgeCSS drops every selector whose classes no template, script or Python source
//    names (plus a safelist of classes that only scripts add).
// 3. Sass minifies the result; Terser minifies src/portal.js.
// Also writes frontend/removed-classes.txt: the Bootstrap classes dropped, which
// tests/test_static_build.py checks templates against (a template that starts using one
// needs `make css`).

import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

import { PurgeCSS } from "purgecss";
import * as sass from "sass";
import { minify } from "terser";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "..");
const packages = process.argv.slice(2);
if (packages.length === 0) {
  console.error("usage: node build.mjs <python package dir>... (run it with `make css`)");
  process.exit(2);
}

// Sass 1.78.0: the compiler Bootstrap 5.3.9 itself is built and tested with.
const quiet = {
  loadPaths: [join(here, "node_modules")],
  quietDeps: true, // Bootstrap 5.3's own deprecation warnings are not ours to fix
};
const full = sass.compile(join(here, "src/portal.scss"), { ...quiet, style: "expanded" }).css;

const content = [
  join(root, "templates/**/*.html"),
  join(root, "static/js/*.js"),
  join(here, "src/portal.js"),
  // Python that writes class names into HTML (forms, widgets, views, template tags).
  join(root, "*/**/*.py"),
  ...packages.flatMap((dir) => [join(dir, "**/*.html"), join(dir, "**/*.py")]),
];
const [purged] = await new PurgeCSS().purge({
  content,
  // Only our own folders: the packages' folders may well sit inside .venv/.
  skippedContentGlobs: ["frontend/node_modules/**", "*/migrations/**", "tests/**"].map((glob) =>
    join(root, glob),
  ),
  css: [{ raw: full }],
  rejected: true,
  variables: true, // custom properties that nothing reads
  // Classes and attributes that only JavaScript puts on elements, and classes that
  // templates build from parts (alert-{{ message.tags }}).
  safelist: {
    standard: [
      "show",
      "showing",
      "hiding",
      "collapsing",
      "collapsed",
      "fade",
      "active",
      "disabled",
      "is-invalid",
      /^alert-(primary|secondary|success|info|warning|danger)$/,
      // Status badges: text-bg-{{ kim.status_tone }}, text-bg-{{ event.status_tone }}.
      /^text-bg-(primary|secondary|success|info|warning|danger|dark)$/,
      /^btn-outline-(danger|success)$/,
    ],
  },
});

const css = sass.compileString(purged.css, { syntax: "css", style: "compressed" }).css;
mkdirSync(join(root, "static/css"), { recursive: true });
writeFileSync(join(root, "static/css/portal.min.css"), css + "\n");

const classes = (text) => new Set(text.match(/\.-?[_a-zA-Z][\w-]*/g)?.map((c) => c.slice(1)));
const kept = classes(css);
const removed = [...classes(full)].filter((name) => !kept.has(name)).sort();
writeFileSync(
  join(here, "removed-classes.txt"),
  "# Bootstrap classes left out of static/css/portal.min.css (written by build.mjs)\n" +
    removed.join("\n") +
    "\n",
);

const source = readFileSync(join(here, "src/portal.js"), "utf8");
const js = await minify(source, { compress: true, mangle: true, format: { comments: false } });
mkdirSync(join(root, "static/js"), { recursive: true });
writeFileSync(join(root, "static/js/portal.min.js"), js.code + "\n");

console.log(
  `static/css/portal.min.css ${css.length} B (from ${full.length} B), ` +
    `static/js/portal.min.js ${js.code.length} B; ${removed.length} classes left out`,
);

// Trims from the widget's wasm the classes Leptos brings and the widget never uses, with
// binaryen (from npm: JavaScript, so nothing is downloaded at build time; TOOLCHAIN.md
// verifies version 132 on this wasm).
// - Leptos always enables server_fn's browser support, whose wasm-streams exports three
//   classes (IntoUnderlyingSource, IntoUnderlyingSink, IntoUnderlyingByteSource) to turn Rust
//   streams into JavaScript ones. The widget never makes one, but exports are roots: the Rust
//   linker kept them and all they call (1.2 KB brotli). Their exports go, and the code only
//   they reached; so do their classes in the glue, which nothing calls (250 B brotli). The
//   glue is read as wasm-bindgen writes it, before it is minified: each class, the line that
//   makes it disposable and its finalization registry go, and the build stops if any
//   mention of them is left.
// - The "name" section goes (wasm-bindgen writes one even when the profile strips symbols;
//   browsers only use it in stack traces): binaryen writes none.
// No other optimization: `wasm-opt -Oz` after opt-level "z" and LTO makes the brotli'd file
// larger here.
//   node scripts/trim-wasm.mjs dist/parlons-widget_bg.wasm dist/parlons-widget.js
// (before the glue is minified).
import { readFileSync, writeFileSync } from "node:fs";
// From the widget's build tools (frontend/package.json).
const { default: binaryen } = await import(new URL("../frontend/node_modules/binaryen/index.js", import.meta.url));

const [wasmFile, glueFile] = process.argv.slice(2);
const glue = readFileSync(glueFile, "utf8");
const module = binaryen.readBinary(readFileSync(wasmFile));
// What rustc's wasm32 target emits, and no more: binaryen writes newer encodings (compact
// imports...) for features it is told of, which browsers refuse.
const { MutableGlobals, SignExt, NontrappingFPToInt, BulkMemory, BulkMemoryOpt, ReferenceTypes, Multivalue } = binaryen.Features;
module.setFeatures(MutableGlobals | SignExt | NontrappingFPToInt | BulkMemory | BulkMemoryOpt | ReferenceTypes | Multivalue);
const names = Array.from({ length: module.getNumExports() },
  (_, i) => binaryen.getExportInfo(module.getExportByIndex(i)).name);
const unused = names.filter((name) => /^(__wbg_)?intounderlying/.test(name));
// The glue's classes are those and the widget's functions: another class would be a new
// export this script must learn about.
const classes = [...glue.matchAll(/^export class ([A-Za-z]+)/gm)].map((found) => found[1]);
const strangers = classes.filter((name) => !name.startsWith("IntoUnderlying"));
if (strangers.length) throw new Error(`the glue exports classes trim-wasm.mjs does not know: ${strangers}`);
unused.forEach((name) => module.removeExport(name));
module.runPasses(["remove-unused-module-elements"]);
if (!module.validate()) throw new Error(`${wasmFile}: binaryen made an invalid module`);
writeFileSync(wasmFile, module.emitBinary());
const trimmed = glue
  .replace(/^export class (IntoUnderlying\w+) \{\n[\s\S]*?\nif \(Symbol\.dispose\) \1\.prototype\[Symbol\.dispose\] = \1\.prototype\.free;\n/gm, "")
  .replace(/^const IntoUnderlying\w+Finalization = [\s\S]*?\);\n/gm, "");
if (/IntoUnderlying|intounderlying/.test(trimmed)) throw new Error(`${glueFile}: wasm-bindgen wrote the unused classes in a way trim-wasm.mjs does not know`);
writeFileSync(glueFile, trimmed);
console.log(`${wasmFile}: ${unused.length} exports of unused classes dropped, and ${classes.length} classes from the glue`);

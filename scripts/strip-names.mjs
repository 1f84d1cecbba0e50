// Drops the "name" custom section from a wasm file: wasm-bindgen writes one (names of its
// closure shims, about 5 KB raw, 470 B brotli) even when the Rust profile strips symbols, and
// Trunk has no switch for wasm-bindgen's --remove-name-section. Browsers use names only in
// stack traces. Every other section is copied byte for byte.
//   node scripts/strip-names.mjs dist/parlons-widget_bg.wasm
import { readFileSync, writeFileSync } from "node:fs";

const file = process.argv[2];
const bytes = readFileSync(file);
let at = 8; // after the magic number and the version
const leb128 = () => {
  let value = 0, shift = 0, byte;
  do { byte = bytes[at++]; value += (byte & 0x7f) * 2 ** shift; shift += 7; } while (byte & 0x80);
  return value;
};
const kept = [bytes.subarray(0, 8)];
while (at < bytes.length) {
  const start = at;
  const id = bytes[at++];
  const end = leb128() + at;
  const named = id === 0 && (() => { const length = leb128(); return bytes.toString("utf8", at, at + length) === "name"; })();
  if (!named) kept.push(bytes.subarray(start, end));
  at = end;
}
writeFileSync(file, Buffer.concat(kept));

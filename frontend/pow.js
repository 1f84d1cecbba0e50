/* Parlons proof of work, loaded by the widget only on sites that ask for one.
 * solve(token, bits) finds the first n such that SHA-256("<token>:<n>") starts with `bits`
 * zero bits (about 2^bits hashes), working in slices of about 8 ms so the page stays
 * responsive while the reader writes. SHA-256 is @noble/hashes (audited), bundled by esbuild. */
import { sha256 } from "@noble/hashes/sha2.js";

export async function solve(token, bits) {
  const encoder = new TextEncoder();
  const prefix = encoder.encode(token + ":");
  const buffer = new Uint8Array(prefix.length + 20);
  buffer.set(prefix);
  const digits = buffer.subarray(prefix.length);
  let slice = performance.now();
  for (let n = 0; ; n++) {
    const written = encoder.encodeInto(String(n), digits).written;
    if (zeroBits(sha256(buffer.subarray(0, prefix.length + written))) >= bits) return String(n);
    if ((n & 255) === 255 && performance.now() - slice > 8) {
      await new Promise(function (resolve) { setTimeout(resolve, 0); });
      slice = performance.now();
    }
  }
}

function zeroBits(digest) {
  let bits = 0;
  for (const byte of digest) {
    if (byte !== 0) return bits + Math.clz32(byte) - 24;
    bits += 8;
  }
  return bits;
}

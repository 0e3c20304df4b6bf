// RFC 6238 TOTP computed independently of the gateway (node:crypto), for the 2FA tests.
import { createHmac } from "node:crypto";

export function base32Decode(text) {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  let bits = 0, value = 0;
  const out = [];
  for (const c of text.replace(/=+$/, "").toUpperCase()) {
    value = (value << 5) | alphabet.indexOf(c);
    bits += 5;
    if (bits >= 8) { out.push((value >>> (bits - 8)) & 255); bits -= 8; }
  }
  return Buffer.from(out);
}

export function hotp(key, counter, digits = 6, algorithm = "sha1") {
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac(algorithm, key).update(msg).digest();
  const o = mac[mac.length - 1] & 15;
  const n = ((mac[o] & 127) << 24) | (mac[o + 1] << 16) | (mac[o + 2] << 8) | mac[o + 3];
  return String(n % 10 ** digits).padStart(digits, "0");
}

// The code of the step `offset` steps from now for a base32 secret.
export const totp = (secret, offset = 0, now = Date.now() / 1000) =>
  hotp(base32Decode(secret), Math.floor(now / 30) + offset);

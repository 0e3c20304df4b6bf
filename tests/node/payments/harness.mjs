// Payment tests' set-up: a gateway with root and a common user signed in, EPay configured
// against a mock gateway, an independent EPay signer, and SQL on the gateway's database.
import { createHash } from "node:crypto";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";

import { prepare, startGateway } from "../relay/harness.mjs";
import { sql } from "../tasks/harness.mjs";

export { sql };
export const EPAY_KEY = "epay-merchant-key-0123456789";
export const EPAY_PID = "1001";
export const QUOTA_PER_DOLLAR = 500000;

// The standard EPay signature, written here from the rule rather than taken from the gateway:
// drop sign, sign_type and empty values, sort keys, join k=v with &, append the key, MD5 hex.
export function epaySign(params, key = EPAY_KEY) {
  const base = Object.keys(params).filter((k) => k !== "sign" && k !== "sign_type" && params[k] !== "" && params[k] != null)
    .sort().map((k) => `${k}=${params[k]}`).join("&");
  return createHash("md5").update(base + key, "utf8").digest("hex");
}

export function signedNotify(fields, key = EPAY_KEY) {
  const params = { pid: EPAY_PID, trade_status: "TRADE_SUCCESS", type: "alipay", ...fields };
  return new URLSearchParams({ ...params, sign: epaySign(params, key), sign_type: "MD5" }).toString();
}

export async function login(gw, username, password) {
  const post = (p, body) => fetch(gw.base + p, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  await post("/api/user/register", { username, password });
  const res = await post("/api/user/login", { username, password });
  const id = (await res.clone().json()).data.id;
  const headers = { cookie: res.headers.get("set-cookie").split(";")[0], "New-Api-User": String(id) };
  const call = async (method, p, body) => {
    const r = await fetch(gw.base + p, { method, headers: { "content-type": "application/json", ...headers },
                                         body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: r.status, body: await r.json() };
  };
  return { id, call, headers };
}

export async function startPaymentGateway(env = {}, dir = mkdtempSync(path.join(os.tmpdir(), "gw-pay-"))) {
  const gw = await startGateway(env, { dir });
  gw.dir = dir;
  const ctx = await prepare(gw, 9, { models: "gpt-4o-mini" });
  const set = async (key, value) => {
    const r = await ctx.call("PUT", "/api/option/", { key, value });
    if (!r.success) throw new Error(`${key}: ${JSON.stringify(r)}`);
  };
  ctx.set = set;
  return { gw, ctx };
}

export async function configureEpay(ctx, payAddress, serverAddress) {
  await ctx.set("PayAddress", payAddress);
  await ctx.set("EpayId", EPAY_PID);
  await ctx.set("EpayKey", EPAY_KEY);
  await ctx.set("ServerAddress", serverAddress);
  await ctx.set("payment_setting.amount_discount", JSON.stringify({ 100: 0.9 }));
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

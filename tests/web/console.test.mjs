// The console in a real browser (Debian's chromium through playwright-core) against the real
// gateway and a mock upstream: first-run setup, sign-in, a channel and an API key created through
// the UI, a streamed playground reply, its log row and the dashboard chart, then every page in all
// five languages with no raw i18n key left. Screenshots go to tests/web/artifacts/.
import assert from "node:assert/strict";
import { mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { fileURLToPath } from "node:url";

import { chromium } from "playwright-core";

import { startMock } from "../node/mock/openai_upstream.mjs";
import { startEpayGateway } from "../node/mock/epay_gateway.mjs";
import { startTaskMock } from "../node/mock/task_upstream.mjs";
import { EPAY_KEY } from "../node/payments/harness.mjs";
import { startGateway } from "../node/relay/harness.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const artifacts = path.join(here, "artifacts");
const locales = path.join(here, "../../web/src/locales");
const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";

// Every translation key ("nav.dashboard", ...): none may appear verbatim on a page.
function flatKeys(obj, prefix = "") {
  return Object.entries(obj).flatMap(([k, v]) => (typeof v === "object" ? flatKeys(v, `${prefix}${k}.`) : [`${prefix}${k}`]));
}
const KEYS = flatKeys(JSON.parse(readFileSync(path.join(locales, "en.json"), "utf8")));
const translations = (lang) => JSON.parse(readFileSync(path.join(locales, `${lang}.json`), "utf8"));

describe("web console", () => {
  let mock, taskMock, epay, gw, browser, page;
  before(async () => {
    mkdirSync(artifacts, { recursive: true });
    mock = await startMock();
    taskMock = await startTaskMock();
    epay = await startEpayGateway();
    gw = await startGateway({ WEB_DIR: path.join(here, "../../web/dist"), BATCH_UPDATE_INTERVAL: "1", TASK_POLL_INTERVAL: "1" });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox", "--disable-dev-shm-usage"] });
    page = await browser.newPage({ locale: "en-US", viewport: { width: 1366, height: 900 } });
  });
  after(async () => {
    await browser?.close();
    await gw?.stop();
    mock?.server.close();
    taskMock?.server.close();
    epay?.server.close();
  });

  const shot = (name) => page.screenshot({ path: path.join(artifacts, `${name}.png`), fullPage: true });
  const go = async (p) => {
    await page.goto(gw.base + p);
    await page.waitForLoadState("networkidle");
  };
  const okButton = () => page.locator(".semi-modal-footer button").last();

  test("the host serves the app with caching and gzip, and never falls back on API paths", async () => {
    const html = await fetch(`${gw.base}/console/token`, { headers: { "accept-encoding": "gzip" } });
    assert.equal(html.status, 200);
    assert.equal(html.headers.get("cache-control"), "no-cache");
    assert.match(await html.text(), /<div id="root">/);
    const asset = (await (await fetch(`${gw.base}/`)).text()).match(/\/assets\/[^"]+\.js/)[0];
    const a = await fetch(gw.base + asset, { headers: { "accept-encoding": "gzip" } });
    assert.match(a.headers.get("cache-control"), /immutable/);
    assert.equal(a.headers.get("content-encoding"), "gzip");
    const api = await fetch(`${gw.base}/api/no-such-thing`);
    assert.equal(api.status, 404);
    assert.equal((await api.json()).error.message, "Invalid URL (GET /api/no-such-thing)");  // as New API
    assert.equal((await fetch(`${gw.base}/v1/no-such-thing`)).status, 404);
  });

  test("first-run setup, then sign in", async () => {
    await go("/setup");
    await page.fill("#username", "root");
    await page.fill("#password", "rootpass123");
    await page.fill("#confirmPassword", "rootpass123");
    await shot("setup");
    await page.click("button[type=submit]");
    await page.waitForURL("**/login");
    await page.fill("#username", "root");
    await page.fill("#password", "rootpass123");
    await shot("login");
    await page.click("button[type=submit]");
    await page.waitForURL("**/console");
    await page.getByText("Dashboard").first().waitFor();
    await page.locator("[data-testid=chart-consumption] .semi-empty").waitFor();  // nothing used yet
  });

  test("create a channel pointing at the mock upstream", async () => {
    await go("/console/channel");
    await page.click("[data-testid=channel-create]");
    await page.locator("[data-testid=channel-name]").fill("mock");
    await page.locator("[data-testid=channel-key]").fill("sk-upstream");
    await page.locator("[data-testid=schema-base_url] input").fill(`http://127.0.0.1:${mock.port}`);
    await page.locator("[data-testid=channel-models]").fill("gpt-4o-mini");
    await okButton().click();
    await page.locator(".semi-table-row", { hasText: "mock" }).waitFor();
    await shot("channels");
  });

  test("a multi-key channel created in one go has its keys managed in the dialog", async () => {
    await go("/console/channel");
    await page.click("[data-testid=channel-create]");
    // Under load the dropdown may still be opening: pick until the select shows the choice.
    const mode = page.locator("[data-testid=channel-mode]");
    for (let i = 0; i < 5 && !(await mode.innerText()).includes("One multi-key channel"); i++) {
      await mode.click();
      await page.locator(".semi-select-option", { hasText: "One multi-key channel" }).click();
      await page.waitForTimeout(200);
    }
    await mode.getByText("One multi-key channel").waitFor();
    await page.locator("[data-testid=channel-name]").fill("multi");
    await page.locator("[data-testid=channel-key]").fill("sk-first-key\nsk-second-key");
    await page.locator("[data-testid=schema-base_url] input").fill(`http://127.0.0.1:${mock.port}`);
    await page.locator("[data-testid=channel-models]").fill("gpt-4o-mini");
    await okButton().click();
    await page.locator(".semi-modal-content").waitFor({ state: "detached" });
    const row = page.locator(".semi-table-row", { hasText: "multi" });
    await row.getByRole("button", { name: "Keys" }).click();
    const dialog = page.locator(".semi-modal-content", { hasText: "Multi-key channel" });
    await dialog.locator(".semi-table-row").nth(1).waitFor();
    assert.equal(await dialog.locator(".semi-table-tbody .semi-table-row").count(), 2);
    await dialog.locator(".semi-table-tbody .semi-table-row").first().getByRole("button", { name: "Disable" }).click();
    await dialog.locator(".semi-table-tbody .semi-table-row").first().getByText("Disabled", { exact: true }).waitFor();
    await shot("multi-key");
    await dialog.locator(".semi-table-tbody .semi-table-row").first().getByRole("button", { name: "Enable" }).click();
    await dialog.locator(".semi-table-tbody .semi-table-row").first().getByText("Enabled", { exact: true }).waitFor();
    await page.keyboard.press("Escape");
  });

  test("create an API key and see it in the list", async () => {
    await go("/console/token");
    await page.click("[data-testid=token-create]");
    await page.locator("[data-testid=token-name]").fill("browser-key");
    await okButton().click();
    await page.locator(".semi-table-row", { hasText: "browser-key" }).waitFor();
    await shot("tokens");
  });

  test("the playground streams a reply from the mock upstream", async () => {
    await go("/console/playground");
    await page.locator("[data-testid=pg-model]").getByText("gpt-4o-mini").waitFor();
    await page.locator("[data-testid=pg-input]").fill("Hello?");
    await page.click("[data-testid=pg-send]");
    await page.locator("[data-testid=pg-assistant]", { hasText: "Hello from the mock" }).waitFor();
    const seen = await (await fetch(`http://127.0.0.1:${mock.port}/_mock/requests`)).json();
    assert.equal(seen.at(-1).body.stream, true, "the reply was streamed");
    await shot("playground");
  });

  test("the call shows up in the logs and on the dashboard chart", async () => {
    await new Promise((r) => setTimeout(r, 2500));  // one ledger flush
    await go("/console/log");
    await page.locator(".semi-table-row", { hasText: "gpt-4o-mini" }).first().waitFor();
    await shot("logs");
    await go("/console");
    await page.locator("[data-testid=chart-consumption] canvas").waitFor({ timeout: 15000 });
    assert.notEqual(await page.locator("[data-testid=card-requests]").innerText(), "");
    await shot("dashboard");
  });

  test("an admin adds to a balance on the users page, as an adjustment of the current one", async () => {
    const self = () => page.evaluate(() => fetch("/api/user/self", { headers: { "New-Api-User": "1" } }).then((r) => r.json()));
    const before = (await self()).data.quota;
    await go("/console/user");
    await page.locator(".semi-table-row", { hasText: "root" }).getByRole("button", { name: "Edit" }).click();
    await page.locator("input[data-testid=quota-adjust], [data-testid=quota-adjust] input").first().fill("2");
    await okButton().click();
    await page.getByText("Saved").first().waitFor();
    assert.equal((await self()).data.quota, before + 2 * 500000);
  });

  test("a notice saved in the settings shows on the dashboard", async () => {
    await go("/console/setting");
    await page.getByRole("tab", { name: "Site" }).click();
    await page.locator("[data-testid=option-Notice] textarea").fill("Maintenance tonight at 23:00");
    await page.locator("[data-testid=option-Notice]").locator("xpath=..").getByRole("button", { name: "Save" }).click();
    await page.getByText("Saved").first().waitFor();
    await go("/console");
    await page.locator("[data-testid=notice]", { hasText: "Maintenance tonight" }).waitFor();
  });

  test("an admin disables a plugin, enables it again and rescans the folder", async () => {
    await go("/console/plugins");
    const row = page.locator(".semi-table-row", { hasText: "org.newapi.provider.gemini" });
    await row.getByRole("button", { name: "Disable" }).click();
    const disabled = page.locator(".semi-card", { hasText: "Disabled plugins" });
    await disabled.getByText("org.newapi.provider.gemini").waitFor();
    await row.waitFor({ state: "detached" });
    await shot("plugins-disabled");
    await disabled.getByRole("button", { name: "Enable" }).click();
    await row.waitFor();
    await page.getByRole("button", { name: "Rescan the folder" }).click();
    await page.locator(".semi-table-row", { hasText: "org.newapi.provider.openai" }).waitFor();
    assert.equal(await disabled.getByText("org.newapi.provider.gemini").count(), 0);
  });

  test("a Midjourney drawing and a Suno song show in their logs; the picture and the song open", async () => {
    const api = (method, p, body) => page.evaluate(async ([method, p, body]) => (await fetch(p, {
      method, headers: { "New-Api-User": localStorage.getItem("gw.user_id"), "content-type": "application/json" },
      body: body ? JSON.stringify(body) : undefined })).json(), [method, p, body]);
    for (const [type, name, models] of [[2, "mj", "mj_imagine"], [36, "suno", "suno_music"]]) {
      const r = await api("POST", "/api/channel/", { mode: "single", channel: {
        type, name, key: `${name}-key`, base_url: taskMock.base, models, group: "default" } });
      assert.ok(r.success, JSON.stringify(r));
    }
    const token = (await api("GET", "/api/token/?p=1&size=10")).data.items.find((t) => t.name === "browser-key");
    const key = "sk-" + (await api("POST", `/api/token/${token.id}/key`)).data.key;
    const submit = async (p, body) => (await fetch(gw.base + p, { method: "POST",
      headers: { authorization: `Bearer ${key}`, "mj-api-secret": key, "content-type": "application/json" }, body: JSON.stringify(body) })).json();
    const mjId = (await submit("/mj/submit/imagine", { prompt: "a lighthouse at dusk" })).result;
    const sunoId = (await submit("/suno/submit/music", { gpt_description_prompt: "a song about rain" })).data;
    assert.ok(mjId && sunoId, "both tasks were accepted");
    for (const t of taskMock.tasks.values()) t.status = "SUCCESS";

    await go("/console/midjourney");
    const drawing = page.locator(".semi-table-row", { hasText: "a lighthouse at dusk" });
    for (let i = 0; i < 30 && !(await drawing.getByText("Succeeded").count()); i++) {
      await page.waitForTimeout(1000);
      await go("/console/midjourney");
    }
    await drawing.getByText("Succeeded").waitFor();
    const img = drawing.locator("img").first();
    // MjForwardUrlEnabled (on by default) serves the picture through the gateway.
    const src = await img.getAttribute("src");
    assert.equal(src, `/mj/image/${mjId}`);
    assert.match(await page.evaluate(async (s) => (await fetch(s)).text(), src), /PNGDATA/);
    await shot("drawings");

    await go("/console/task");
    const song = page.locator(".semi-table-row", { hasText: "MUSIC" });
    for (let i = 0; i < 30 && !(await song.getByText("Succeeded").count()); i++) {
      await page.waitForTimeout(1000);
      await go("/console/task");
    }
    await song.getByText("Succeeded").waitFor();
    await song.locator("[data-testid=task-preview]").click();
    assert.match(await page.locator("[data-testid=task-audio]").getAttribute("src"), /\/audio\/.+\.mp3$/);
    await shot("tasks");
    await page.keyboard.press("Escape");

    await page.locator("[data-testid=task-id-filter]").fill("no-such-task");
    await page.click("[data-testid=task-search]");
    await song.waitFor({ state: "detached" });
  });

  test("online top-up: EPay set up in the settings, a preset paid on the gateway's page, back with the balance credited once", async () => {
    const api = (method, p, body) => page.evaluate(async ([method, p, body]) => (await fetch(p, {
      method, headers: { "New-Api-User": localStorage.getItem("gw.user_id"), "content-type": "application/json" },
      body: body ? JSON.stringify(body) : undefined })).json(), [method, p, body]);
    await api("PUT", "/api/option/", { key: "ServerAddress", value: gw.base });
    await go("/console/setting");
    await page.getByRole("tab", { name: "Payment" }).click();
    await page.locator("[data-testid=option-PayAddress] input").fill(epay.base);
    await page.locator("[data-testid=option-EpayId] input").fill("1001");
    await page.locator("[data-testid=option-EpayKey] input").fill(EPAY_KEY);
    await shot("settings-payment");
    await page.locator("[data-testid=option-PayAddress]").locator("xpath=..").getByRole("button", { name: "Save" }).click();
    await page.getByText("Saved").first().waitFor();
    const before = (await api("GET", "/api/user/self")).data.quota;

    await go("/console/topup");
    await page.locator("[data-testid=online-topup]").waitFor();
    await page.click("[data-testid=amount-20]");
    await page.locator("[data-testid=topup-price]", { hasText: "146.00" }).waitFor();  // 20 × Price 7.3
    await shot("wallet-topup");
    await page.click("[data-testid=pay-alipay]");
    await page.waitForURL(`${epay.base}/submit.php`);
    assert.equal(await page.locator("#money").innerText(), "146.00");  // the gateway checked our signature
    await page.click("#pay");
    await page.waitForURL("**/console/log");
    assert.deepEqual(epay.notifies.map((n) => n.reply), ["success"]);
    assert.equal((await api("GET", "/api/user/self")).data.quota, before + 20 * 500000);
    await go("/console/topup");
    await page.locator("[data-testid=topup-orders] .semi-table-row", { hasText: "Paid" }).first().waitFor();
    await shot("wallet-orders");
    await api("PUT", "/api/option/", { key: "ServerAddress", value: "" });
  });

  const PAGES = ["/console", "/console/token", "/console/log", "/console/midjourney", "/console/task", "/console/playground",
                 "/console/topup", "/console/personal",
                 "/pricing", "/console/channel", "/console/user", "/console/redemption", "/console/plugins", "/console/setting"];

  for (const lang of ["zh-CN", "zh-TW", "en", "fr", "ja"]) {
    test(`every page in ${lang} has no untranslated key`, async () => {
      await page.evaluate((l) => localStorage.setItem("gw.language", l), lang);
      const expected = translations(lang).nav;
      for (const p of PAGES) {
        await go(p);
        await page.locator(".semi-navigation").getByText(expected.dashboard).first().waitFor();
        const text = await page.locator("body").innerText();
        const raw = KEYS.filter((k) => text.includes(k));
        assert.deepEqual(raw, [], `raw keys on ${p} in ${lang}`);
        if (p === "/console" || p === "/console/channel") await shot(`${lang}-${p.replaceAll("/", "_")}`);
      }
    });
  }

  test("the language choice is saved to the user", async () => {
    const r = await page.evaluate(async () => (await fetch("/api/user/self", {
      headers: { "New-Api-User": localStorage.getItem("gw.user_id") } })).json());
    await page.evaluate(() => localStorage.setItem("gw.language", "en"));
    await go("/console/personal");
    await page.locator("[data-testid=language-picker]").first().click();
    await page.locator(".semi-select-option", { hasText: "日本語" }).click();
    await page.locator(".semi-navigation").getByText(translations("ja").nav.dashboard).first().waitFor();
    const after = await page.evaluate(async () => (await fetch("/api/user/self", {
      headers: { "New-Api-User": localStorage.getItem("gw.user_id") } })).json());
    assert.ok(r.success);
    assert.equal(JSON.parse(after.data.setting || "{}").language, "ja");
  });

  test("the theme switch turns the console dark and back", async () => {
    await go("/console/log");
    await page.click("[data-testid=theme-toggle]");
    assert.equal(await page.evaluate(() => document.body.getAttribute("theme-mode")), "dark");
    await shot("dark-logs");
    await page.click("[data-testid=theme-toggle]");
    assert.equal(await page.evaluate(() => document.body.getAttribute("theme-mode")), null);
  });

  test("a phone-width screen collapses the navigation", async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await go("/console/token");
    await page.locator(".semi-navigation-collapsed").waitFor();
    await shot("phone-tokens");
  });
});

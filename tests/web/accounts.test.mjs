// Sign-in pages in the browser: a password login that asks for the TOTP code (computed here) and
// a GitHub sign-in through the login button, the provider's page (mocked) and /oauth/github;
// then the profile page shows the second factor and the linked account.
import assert from "node:assert/strict";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { fileURLToPath } from "node:url";

import { chromium } from "playwright-core";

import { totp } from "../node/accounts/totp.mjs";
import { startOAuthServices } from "../node/mock/oauth_services.mjs";
import { prepare, startGateway } from "../node/relay/harness.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";

describe("sign-in pages", () => {
  let gw, call, services, browser;
  before(async () => {
    services = await startOAuthServices();
    gw = await startGateway({ WEB_DIR: path.join(here, "../../web/dist"), ...services.env });
    ({ call } = await prepare(gw, 1, { models: "unused" }));
    for (const [key, value] of Object.entries({ GitHubOAuthEnabled: "true", GitHubClientId: "gh", GitHubClientSecret: "s" }))
      assert.ok((await call("PUT", "/api/option/", { key, value })).success);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox", "--disable-dev-shm-usage"] });
  });
  after(async () => {
    await browser?.close();
    await gw?.stop();
    services?.server.close();
  });

  test("a 2FA user signs in with password, then the code", async () => {
    const post = (p, body, headers = {}) => fetch(gw.base + p, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });
    await post("/api/user/register", { username: "uitwofa", password: "password123" });
    const login = await post("/api/user/login", { username: "uitwofa", password: "password123" });
    const auth = { cookie: login.headers.get("set-cookie").split(";")[0], "New-Api-User": String((await login.json()).data.id) };
    const setup = await (await post("/api/user/2fa/setup", {}, auth)).json();
    assert.ok((await (await post("/api/user/2fa/enable", { code: totp(setup.data.secret) }, auth)).json()).success);

    const page = await browser.newPage({ locale: "en-US" });
    await page.goto(gw.base + "/login");
    await page.fill("#username", "uitwofa");
    await page.fill("#password", "password123");
    await page.click("button[type=submit]");
    await page.waitForSelector("[data-testid=login-2fa]");
    await page.fill("[data-testid=login-2fa] input", totp(setup.data.secret, 1));
    await page.click("[data-testid=login-2fa] button");
    await page.waitForURL("**/console");
    await page.goto(gw.base + "/console/personal");
    await page.waitForSelector("[data-testid=twofa-card]");
    assert.match(await page.textContent("[data-testid=twofa-card]"), /On/);
    await page.close();
  });

  test("the GitHub button signs a new user up through the provider and /oauth/github", async () => {
    services.approving = { id: 777, login: "octobrowser", name: "Octo Browser" };
    const page = await browser.newPage({ locale: "en-US" });
    await page.goto(gw.base + "/login");
    await page.click("text=Sign in with GitHub");
    await page.waitForURL("**/console", { timeout: 15000 });
    const me = await page.evaluate(() => fetch("/api/user/self", { headers: { "New-Api-User": localStorage.getItem("gw.user_id") } }).then((r) => r.json()));
    assert.equal(me.data.username, "octobrowser");
    assert.equal(me.data.github_id, "777");
    await page.goto(gw.base + "/console/personal");
    await page.waitForSelector("text=GitHub: 777");
    await page.close();
  });
});

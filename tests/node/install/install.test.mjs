// The installed server: `cmake --install --component server --prefix P` gives a tree that runs
// from any working directory with only PORT and SQLITE_PATH, serving the console, the API,
// /metrics and /readyz; `cpack -G DEB` packages the same tree under /opt/new-api.
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { freePort } from "../relay/harness.mjs";

const BUILD = process.env.GW_BUILD_DIR;
const cleanups = [];
after(async () => { for (const c of cleanups.reverse()) await c(); });
const tmp = (name) => {
  const d = mkdtempSync(path.join(os.tmpdir(), name));
  cleanups.push(() => rmSync(d, { recursive: true, force: true }));
  return d;
};

// Starts `binary` in a directory of its own with nothing but PORT and SQLITE_PATH.
async function startInstalled(binary) {
  const cwd = tmp("gw-elsewhere-");
  const port = await freePort();
  let output = "";
  const child = spawn(binary, [], { cwd, env: { PORT: String(port), SQLITE_PATH: path.join(cwd, "data", "one-api.db") },
                                    stdio: ["ignore", "pipe", "pipe"] });
  child.stdout.on("data", (d) => (output += d));
  child.stderr.on("data", (d) => (output += d));
  cleanups.push(async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise((r) => child.once("exit", r));
    child.kill("SIGTERM");
    await exited;
  });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 600 && child.exitCode === null; i++) {
    try { if ((await fetch(base + "/api/status")).ok) return { base, output: () => output }; } catch {}
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`the installed server did not start (exit ${child.exitCode}):\n${output}`);
}

async function adminHeaders(base) {
  const post = (p, body, headers = {}) => fetch(base + p, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });
  await post("/api/setup", { username: "root", password: "rootpass123", confirmPassword: "rootpass123" });
  const login = await post("/api/user/login", { username: "root", password: "rootpass123" });
  const cookie = login.headers.get("set-cookie").split(";")[0];
  const token = await (await fetch(base + "/api/user/token", { headers: { cookie, "New-Api-User": "1" } })).json();
  return { Authorization: token.data, "New-Api-User": "1" };
}

async function checkServes(gw) {
  const page = await fetch(gw.base + "/");
  assert.equal(page.status, 200);
  assert.match(page.headers.get("content-type"), /text\/html/);
  assert.match(await page.text(), /<script type="module"/);
  const status = await (await fetch(gw.base + "/api/status")).json();
  assert.equal(status.success, true);
  const ready = await fetch(gw.base + "/readyz");
  assert.deepEqual(await ready.json(), { status: "ready", checks: { database: "ok", plugins: "ok" } });
  const metrics = await fetch(gw.base + "/metrics", { headers: await adminHeaders(gw.base) });
  assert.equal(metrics.status, 200);
  const text = await metrics.text();
  assert.match(text, /^gw_plugin_loaded\{id="org\.newapi\.provider\.openai",version="[^"]+",abi="1\.\d+"\} 1$/m);
  assert.match(text, /^gw_http_requests_total\{method="GET",route="\/readyz",status="200"\} 1$/m);
  assert.doesNotMatch(gw.output(), /no local token estimates/);  // the tokenizer tables were found
}

test("an installed prefix runs from another directory with only PORT and SQLITE_PATH", async () => {
  assert.ok(BUILD, "GW_BUILD_DIR names the build tree");
  const prefix = tmp("gw-prefix-");
  execFileSync("cmake", ["--install", BUILD, "--component", "server", "--prefix", prefix], { stdio: "pipe" });
  for (const f of ["bin/new-api", "lib/new-api/plugins/provider-openai.so", "lib/new-api/plugins/provider-openai.xml",
                   "share/new-api/web/index.html", "share/new-api/tokenizer/o200k_base.tiktoken",
                   "share/new-api/prices.json", "etc/new-api/new-api.xml"])
    assert.ok(existsSync(path.join(prefix, f)), `${f} is installed`);
  const unit = readFileSync(path.join(prefix, "lib/systemd/system/new-api.service"), "utf8");
  assert.match(unit, new RegExp(`^ExecStart=${prefix}/bin/new-api --config ${prefix}/etc/new-api/new-api.xml$`, "m"));
  for (const hardening of ["DynamicUser=yes", "ProtectSystem=strict", "ReadWritePaths=/var/lib/new-api", "LimitNOFILE=",
                           "ExecReload=/bin/kill -HUP $MAINPID"])
    assert.ok(unit.includes(hardening), `unit has ${hardening}`);
  // systemd's own checks: the unit parses, and its exposure score stays low.
  const unitFile = path.join(prefix, "lib/systemd/system/new-api.service");
  execFileSync("systemd-analyze", ["verify", unitFile], { stdio: "pipe" });
  const security = execFileSync("systemd-analyze", ["security", "--offline=true", unitFile]).toString();
  const exposure = Number(security.match(/Overall exposure level for new-api\.service: ([\d.]+)/)[1]);
  assert.ok(exposure <= 2, `exposure ${exposure}`);
  await checkServes(await startInstalled(path.join(prefix, "bin/new-api")));
});

test("the Debian package carries the same tree under /opt/new-api", async () => {
  const out = tmp("gw-deb-");
  execFileSync("cpack", ["-G", "DEB", "-B", out], { cwd: BUILD, stdio: "pipe" });
  const deb = path.join(out, execFileSync("ls", [out]).toString().split("\n").find((f) => f.endsWith(".deb")));
  const depends = execFileSync("dpkg-deb", ["-f", deb, "Depends"]).toString();
  for (const lib of ["libpistache0", "libpocodatasqlite80", "libjemalloc2", "libcurl4"])
    assert.ok(depends.includes(lib), `Depends names ${lib}: ${depends}`);
  const root = tmp("gw-deb-root-");
  execFileSync("dpkg-deb", ["-x", deb, root]);
  assert.ok(existsSync(path.join(root, "opt/new-api/lib/systemd/system/new-api.service")));
  await checkServes(await startInstalled(path.join(root, "opt/new-api/bin/new-api")));
});

// Several gateway nodes on one PostgreSQL database and one Redis of their own (a redis-server
// started on a free port, so a test may stop it without touching other suites).
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { createDatabase, dropDatabase, freePort, startGateway } from "../relay/harness.mjs";

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export async function startRedis(port) {
  port ||= await freePort();
  const child = spawn("redis-server", ["--bind", "127.0.0.1", "--port", String(port), "--save", "", "--appendonly", "no"],
                      { stdio: "ignore" });
  for (let i = 0; i < 100; i++) {
    const up = await new Promise((resolve) => {
      const s = net.connect(port, "127.0.0.1", () => { s.end(); resolve(true); });
      s.on("error", () => resolve(false));
    });
    if (up) break;
    await sleep(50);
  }
  return {
    port, url: `redis://127.0.0.1:${port}/0`,
    async stop() {
      if (child.exitCode !== null) return;
      child.kill("SIGKILL");
      await new Promise((r) => child.once("exit", r));
    },
  };
}

// Starts `names.length` nodes (the first is the master) sharing a fresh PostgreSQL database.
export async function startCluster(redisUrl, names, env = {}) {
  const dsn = createDatabase("postgres");
  const dirs = [];
  const nodes = [];
  for (const [i, name] of names.entries()) {
    const dir = mkdtempSync(path.join(os.tmpdir(), "gw-node-"));
    dirs.push(dir);
    nodes.push(await startGateway({ SQL_DSN: dsn, REDIS_CONN_STRING: redisUrl, NODE_NAME: name,
                                    NODE_TYPE: i === 0 ? "master" : "slave", SESSION_SECRET: "shared-session-secret",
                                    CRYPTO_SECRET: "shared-crypto-secret", ...env }, { dir }));
  }
  return {
    nodes,
    async stop() {
      for (const n of nodes) await n.stop();
      dropDatabase(dsn);
      for (const d of dirs) rmSync(d, { recursive: true, force: true });
    },
  };
}

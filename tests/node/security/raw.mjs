// Raw-socket helpers for the hardening suites: what a probe sends, byte for byte.
import net from "node:net";
import { readFileSync } from "node:fs";

// Sends `chunks` (strings or Buffers) on one connection and collects what comes back until the
// server closes, `quietMs` pass without bytes, or `timeoutMs` in all.
export function exchange(port, chunks, { timeoutMs = 5000, quietMs = 500, endAfter = false } = {}) {
  return new Promise((resolve) => {
    const sock = net.connect(port, "127.0.0.1");
    const got = [];
    let quiet, closed = false;
    const finish = () => {
      if (closed) return;
      closed = true;
      clearTimeout(quiet);
      clearTimeout(all);
      sock.destroy();
      resolve(Buffer.concat(got).toString("latin1"));
    };
    const all = setTimeout(finish, timeoutMs);
    sock.on("data", (d) => { got.push(d); clearTimeout(quiet); quiet = setTimeout(finish, quietMs); });
    sock.on("close", finish);
    sock.on("error", finish);
    sock.on("connect", async () => {
      for (const c of chunks) if (!sock.write(c)) await new Promise((r) => sock.once("drain", r));
      if (endAfter) sock.end();
    });
  });
}

// The status codes of every response in `text`, in order.
export const statuses = (text) => [...text.matchAll(/HTTP\/1\.[01] (\d{3}) /g)].map((m) => Number(m[1]));

// Resident memory of a process, in MB.
export function rssMB(pid) {
  const line = readFileSync(`/proc/${pid}/status`, "utf8").split("\n").find((l) => l.startsWith("VmRSS:"));
  return Number(line.split(/\s+/)[1]) / 1024;
}

// CPU seconds a process has used (user + system).
export function cpuSeconds(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

// Answers /api/status within `ms`?
export async function responsive(gw, ms = 2000) {
  const r = await fetch(gw.base + "/api/status", { signal: AbortSignal.timeout(ms) });
  return r.status === 200;
}

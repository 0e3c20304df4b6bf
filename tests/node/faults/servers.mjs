// Stops and starts the local database server the fault suites run on (GW_TEST_BACKEND: postgres
// or mysql). Needs root; the suites run alone (ctest RUN_SERIAL).
import { execFileSync } from "node:child_process";

export const BACKEND = process.env.GW_TEST_BACKEND;
const pgVersion = () => execFileSync("sh", ["-c", "ls /etc/postgresql | sort -V | tail -1"]).toString().trim();

export function server(action) {
  if (BACKEND === "postgres")
    execFileSync("pg_ctlcluster", [pgVersion(), "main", action, ...(action === "stop" ? ["-m", "fast"] : [])]);
  else execFileSync("service", ["mariadb", action]);
}

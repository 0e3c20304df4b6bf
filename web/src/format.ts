// Quota is stored in New API's units (QuotaPerUnit per US dollar); the console shows dollars.
import type { Status } from "./status";

export function quotaToDollars(quota: number, status: Status | null): string {
  const per = status?.quota_per_unit || 500000;
  return `$${(quota / per).toFixed(quota / per >= 100 ? 2 : 4)}`;
}

export function dollarsToQuota(dollars: number, status: Status | null): number {
  return Math.round(dollars * (status?.quota_per_unit || 500000));
}

export function formatTime(unixSeconds: number): string {
  if (!unixSeconds || unixSeconds < 0) return "-";
  const d = new Date(unixSeconds * 1000);
  const p = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

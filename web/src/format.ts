// Quota is stored in New API's units (QuotaPerUnit per US dollar); the console shows dollars.
import type { Status } from "./status";

export function quotaToDollars(quota: number, status: Status | null): string {
  const dollars = quota / (status?.quota_per_unit || 500000);
  const digits = dollars >= 100 ? 2 : dollars >= 0.01 || dollars === 0 ? 4 : 6;
  return `$${dollars.toFixed(digits)}`;
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

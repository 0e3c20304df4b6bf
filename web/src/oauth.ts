// Third-party sign-in: the server hands out the state and the provider's authorize URL
// (/api/oauth/state?provider=); the provider sends the browser back to /oauth/:provider.
import { api } from "./api";
import type { Status } from "./status";

export interface OAuthButton {
  slug: string;
  name: string;
}

// The providers the site has switched on, built-in first.
export function enabledProviders(status: Status | null): OAuthButton[] {
  if (!status) return [];
  const list: OAuthButton[] = [];
  if (status.github_oauth) list.push({ slug: "github", name: "GitHub" });
  if (status.discord_oauth) list.push({ slug: "discord", name: "Discord" });
  if (status.linuxdo_oauth) list.push({ slug: "linuxdo", name: "Linux DO" });
  if (status.oidc_enabled) list.push({ slug: "oidc", name: "OIDC" });
  for (const p of (status.custom_oauth_providers as OAuthButton[]) || []) list.push({ slug: p.slug, name: p.name });
  return list;
}

export async function startOAuth(slug: string, aff?: string) {
  const q = new URLSearchParams({ provider: slug, ...(aff ? { aff } : {}) });
  const res = await fetch(`/api/oauth/state?${q}`, { credentials: "same-origin" });
  const body = (await res.json()) as { success: boolean; message?: string; authorize_url?: string };
  if (!body.success || !body.authorize_url) throw new Error(body.message || `HTTP ${res.status}`);
  window.location.href = body.authorize_url;
}

// The callback's answer: a session (sign-in) or a binding for the signed-in user.
export const finishOAuth = (slug: string, search: string) =>
  api<{ id?: number; action?: string }>("GET", `/api/oauth/${encodeURIComponent(slug)}${search}`);

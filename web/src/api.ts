// The management API: New API's {success, message, data} envelope, the session cookie and the
// New-Api-User header. Every failure becomes an Error carrying the server's message.
export interface Envelope<T> {
  success: boolean;
  message?: string;
  data?: T;
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  page_size: number;
}

const USER_KEY = "gw.user_id";

export function rememberUser(id: number | null) {
  if (id === null) localStorage.removeItem(USER_KEY);
  else localStorage.setItem(USER_KEY, String(id));
}

export async function api<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { "Content-Type": "application/json" };
  const uid = localStorage.getItem(USER_KEY);
  if (uid) headers["New-Api-User"] = uid;
  const res = await fetch(path, {
    method,
    headers,
    credentials: "same-origin",
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  let env: Envelope<T>;
  try {
    env = (await res.json()) as Envelope<T>;
  } catch {
    throw new Error(`HTTP ${res.status}`);
  }
  if (!res.ok || !env.success) throw new Error(env.message || `HTTP ${res.status}`);
  return env.data as T;
}

export const get = <T>(path: string) => api<T>("GET", path);
export const post = <T>(path: string, body?: unknown) => api<T>("POST", path, body ?? {});
export const put = <T>(path: string, body?: unknown) => api<T>("PUT", path, body ?? {});
export const del = <T>(path: string) => api<T>("DELETE", path);

export function query(params: Record<string, string | number | undefined | null>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== "") q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : "";
}

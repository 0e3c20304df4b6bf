// Who is signed in: the user from /api/user/self, the site status, and sign-in/out.
import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from "react";

import { get, rememberUser } from "./api";
import { loadStatus, type Status } from "./status";

export interface User {
  id: number;
  username: string;
  display_name: string;
  role: number;
  status: number;
  group: string;
  quota: number;
  used_quota: number;
  request_count: number;
  setting?: string;
}

interface Session {
  user: User | null;
  status: Status | null;
  loading: boolean;
  isAdmin: boolean;
  refresh: () => Promise<void>;
  signedIn: (user: User) => Promise<void>;
  signOut: () => Promise<void>;
}

const SessionContext = createContext<Session | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<User | null>(null);
  const [status, setStatus] = useState<Status | null>(null);
  const [loading, setLoading] = useState(true);

  const refresh = useCallback(async () => {
    try {
      setUser(await get<User>("/api/user/self"));
    } catch {
      setUser(null);
    }
  }, []);

  useEffect(() => {
    Promise.all([loadStatus().then(setStatus).catch(() => undefined), refresh()]).finally(() => setLoading(false));
  }, [refresh]);

  const signedIn = useCallback(async (u: User) => {
    rememberUser(u.id);
    await refresh();
  }, [refresh]);

  const signOut = useCallback(async () => {
    await get("/api/user/logout").catch(() => undefined);
    rememberUser(null);
    setUser(null);
  }, []);

  const value: Session = { user, status, loading, isAdmin: (user?.role ?? 0) >= 10, refresh, signedIn, signOut };
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const s = useContext(SessionContext);
  if (!s) throw new Error("useSession outside SessionProvider");
  return s;
}

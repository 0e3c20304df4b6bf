// Routes: New API's page paths, so operators' bookmarks keep working. Console pages need a
// session; admin pages need an admin.
import { Spin } from "@douyinfe/semi-ui";
import type { ReactNode } from "react";
import { Navigate, Route, Routes, useLocation } from "react-router-dom";

import ConsoleLayout from "./components/ConsoleLayout";
import Channels from "./pages/Channels";
import Dashboard from "./pages/Dashboard";
import Drawings from "./pages/Drawings";
import Login from "./pages/Login";
import Logs from "./pages/Logs";
import OAuthCallback from "./pages/OAuthCallback";
import Playground from "./pages/Playground";
import Plugins from "./pages/Plugins";
import Pricing from "./pages/Pricing";
import Profile from "./pages/Profile";
import Redemptions from "./pages/Redemptions";
import Register from "./pages/Register";
import { ConfirmReset, RequestReset } from "./pages/ResetPassword";
import Settings from "./pages/Settings";
import Setup from "./pages/Setup";
import Tasks from "./pages/Tasks";
import Tokens from "./pages/Tokens";
import Users from "./pages/Users";
import Wallet from "./pages/Wallet";
import { useSession } from "./session";

function Console({ children, admin = false }: { children: ReactNode; admin?: boolean }) {
  const { user, isAdmin, loading } = useSession();
  const location = useLocation();
  if (loading) return <div className="center-page"><Spin size="large" /></div>;
  if (!user) return <Navigate to="/login" replace state={{ from: location.pathname }} />;
  if (admin && !isAdmin) return <Navigate to="/console" replace />;
  return <ConsoleLayout>{children}</ConsoleLayout>;
}

export default function App() {
  return (
    <Routes>
      <Route path="/" element={<Navigate to="/console" replace />} />
      <Route path="/setup" element={<Setup />} />
      <Route path="/login" element={<Login />} />
      <Route path="/register" element={<Register />} />
      <Route path="/reset" element={<RequestReset />} />
      <Route path="/user/reset" element={<ConfirmReset />} />
      <Route path="/oauth/:provider" element={<OAuthCallback />} />
      <Route path="/pricing" element={<Console><Pricing /></Console>} />
      <Route path="/console" element={<Console><Dashboard /></Console>} />
      <Route path="/console/playground" element={<Console><Playground /></Console>} />
      <Route path="/console/token" element={<Console><Tokens /></Console>} />
      <Route path="/console/log" element={<Console><Logs /></Console>} />
      <Route path="/console/midjourney" element={<Console><Drawings /></Console>} />
      <Route path="/console/task" element={<Console><Tasks /></Console>} />
      <Route path="/console/topup" element={<Console><Wallet /></Console>} />
      <Route path="/console/personal" element={<Console><Profile /></Console>} />
      <Route path="/console/channel" element={<Console admin><Channels /></Console>} />
      <Route path="/console/user" element={<Console admin><Users /></Console>} />
      <Route path="/console/redemption" element={<Console admin><Redemptions /></Console>} />
      <Route path="/console/plugins" element={<Console admin><Plugins /></Console>} />
      <Route path="/console/setting" element={<Console admin><Settings /></Console>} />
      <Route path="*" element={<Navigate to="/console" replace />} />
    </Routes>
  );
}

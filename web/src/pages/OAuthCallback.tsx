// Where a provider sends the browser back: the callback is finished against the gateway, which
// signs the user in (or binds the account for one already signed in).
import { Card, Spin, Typography } from "@douyinfe/semi-ui";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { useLocation, useNavigate, useParams } from "react-router-dom";

import { rememberUser } from "../api";
import { finishOAuth } from "../oauth";
import { useSession } from "../session";

export default function OAuthCallback() {
  const { t } = useTranslation();
  const { provider = "" } = useParams();
  const { search } = useLocation();
  const navigate = useNavigate();
  const { refresh } = useSession();
  const [error, setError] = useState("");
  const once = useRef(false);

  useEffect(() => {
    if (once.current) return;  // the state finishes one sign-in: never send it twice
    once.current = true;
    finishOAuth(provider, search)
      .then(async (data) => {
        if (data?.action === "bind") return navigate("/console/personal");
        if (data?.id) rememberUser(data.id);
        await refresh();
        navigate("/console");
      })
      .catch((e: Error) => setError(e.message));
  }, [provider, search, navigate, refresh]);

  return (
    <div className="center-page">
      <Card style={{ width: 400, maxWidth: "94vw" }} title={t("oauth.title")}>
        {error ? <Typography.Text type="danger" data-testid="oauth-error">{error}</Typography.Text> : <Spin />}
      </Card>
    </div>
  );
}

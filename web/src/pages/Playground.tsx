// The playground: chat with one of the user's own models through one of their API keys, streamed
// from /v1/chat/completions exactly as any client would.
import { IconSend } from "@douyinfe/semi-icons";
import { Button, Card, Empty, Select, Space, TextArea, Toast, Typography } from "@douyinfe/semi-ui";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";

import { get, type Page } from "../api";
import { revealKey } from "./Tokens";

interface Message {
  role: "user" | "assistant";
  content: string;
}

// Reads an SSE body and calls onDelta with each chunk's content.
async function readStream(res: Response, onDelta: (text: string) => void) {
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    let cut;
    while ((cut = buffer.indexOf("\n\n")) >= 0) {
      const event = buffer.slice(0, cut);
      buffer = buffer.slice(cut + 2);
      for (const line of event.split("\n")) {
        if (!line.startsWith("data: ") || line === "data: [DONE]") continue;
        const chunk = JSON.parse(line.slice(6));
        if (chunk.error) throw new Error(chunk.error.message);
        const delta = chunk.choices?.[0]?.delta;
        if (delta?.content) onDelta(delta.content);
      }
    }
  }
}

export default function Playground() {
  const { t } = useTranslation();
  const [tokens, setTokens] = useState<{ id: number; name: string }[]>([]);
  const [models, setModels] = useState<string[]>([]);
  const [tokenId, setTokenId] = useState<number | undefined>();
  const [model, setModel] = useState<string | undefined>();
  const [messages, setMessages] = useState<Message[]>([]);
  const [input, setInput] = useState("");
  const [busy, setBusy] = useState(false);
  const keyCache = useRef<Record<number, string>>({});

  useEffect(() => {
    get<Page<{ id: number; name: string; status: number }>>("/api/token/?p=1&page_size=100")
      .then((p) => {
        const usable = (p.items || []).filter((x) => x.status === 1);
        setTokens(usable);
        if (usable.length) setTokenId(usable[0].id);
      })
      .catch(() => undefined);
    get<string[]>("/api/user/models").then((m) => {
      setModels(m || []);
      if (m?.length) setModel(m[0]);
    }).catch(() => undefined);
  }, []);

  const send = async () => {
    if (!tokenId || !model || !input.trim()) return;
    const history: Message[] = [...messages, { role: "user", content: input.trim() }];
    setMessages([...history, { role: "assistant", content: "" }]);
    setInput("");
    setBusy(true);
    try {
      const key = keyCache.current[tokenId] || (keyCache.current[tokenId] = await revealKey(tokenId));
      const res = await fetch("/v1/chat/completions", {
        method: "POST",
        headers: { "Content-Type": "application/json", Authorization: `Bearer ${key}` },
        body: JSON.stringify({ model, stream: true, messages: history }),
      });
      if (!res.ok) throw new Error((await res.json()).error?.message || `HTTP ${res.status}`);
      let text = "";
      await readStream(res, (d) => {
        text += d;
        setMessages([...history, { role: "assistant", content: text }]);
      });
    } catch (e) {
      Toast.error((e as Error).message);
      setMessages(history);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Typography.Title heading={4} style={{ marginBottom: 16 }}>{t("nav.playground")}</Typography.Title>
      <Space wrap style={{ marginBottom: 12 }}>
        <Select placeholder={t("playground.token")} value={tokenId} style={{ width: 200 }} data-testid="pg-token"
                optionList={tokens.map((x) => ({ value: x.id, label: x.name }))} onChange={(v) => setTokenId(v as number)} />
        <Select placeholder={t("playground.model")} value={model} style={{ width: 240 }} filter data-testid="pg-model"
                optionList={models.map((m) => ({ value: m, label: m }))} onChange={(v) => setModel(String(v))} />
        <Button onClick={() => setMessages([])}>{t("playground.clear")}</Button>
      </Space>
      <Card style={{ minHeight: 320, marginBottom: 12 }} bodyStyle={{ display: "flex", flexDirection: "column", gap: 12 }}>
        {messages.length === 0 && <Empty description={tokens.length ? t("playground.empty") : t("playground.no_token")} />}
        {messages.map((m, i) => (
          <div key={i} data-testid={`pg-${m.role}`} style={{ alignSelf: m.role === "user" ? "flex-end" : "flex-start", maxWidth: "85%",
               padding: "8px 12px", borderRadius: 8, whiteSpace: "pre-wrap",
               background: m.role === "user" ? "var(--semi-color-primary-light-default)" : "var(--semi-color-fill-0)" }}>
            {m.content || (busy && i === messages.length - 1 ? "…" : "")}
          </div>
        ))}
      </Card>
      <Space style={{ width: "100%" }} align="end">
        <TextArea value={input} onChange={setInput} autosize={{ minRows: 2, maxRows: 6 }} style={{ flex: 1, minWidth: 240 }}
                  placeholder={t("playground.placeholder")} data-testid="pg-input"
                  onKeyDown={(e) => { if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) void send(); }} />
        <Button icon={<IconSend />} theme="solid" loading={busy} onClick={send} data-testid="pg-send">{t("playground.send")}</Button>
      </Space>
    </>
  );
}

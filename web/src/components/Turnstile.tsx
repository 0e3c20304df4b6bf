// Cloudflare's Turnstile widget when the site turns it on: its token is handed up for the
// ?turnstile= query of the guarded routes (a fresh token per request).
import { useEffect, useRef } from "react";

declare global {
  interface Window {
    turnstile?: { render: (el: HTMLElement, opts: Record<string, unknown>) => string; reset: (id?: string) => void };
  }
}

export default function Turnstile({ siteKey, onToken }: { siteKey: string; onToken: (t: string) => void }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const render = () => box.current && window.turnstile?.render(box.current, { sitekey: siteKey, callback: onToken });
    if (window.turnstile) return void render();
    const s = document.createElement("script");
    s.src = "https://challenges.cloudflare.com/turnstile/v0/api.js";
    s.async = true;
    s.onload = render;
    document.head.appendChild(s);
  }, [siteKey, onToken]);
  return <div ref={box} />;
}

// "?turnstile=<token>" when the check is on.
export const turnstileQuery = (token: string) => (token ? `?turnstile=${encodeURIComponent(token)}` : "");

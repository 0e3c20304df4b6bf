// A mock EPay gateway, written from the protocol: submit.php receives the merchant's signed form
// and shows a payment page; paying sends the signed notify (GET, as most EPay gateways do) to
// notify_url and returns the payer to return_url.
import http from "node:http";

import { epaySign, EPAY_KEY } from "../payments/harness.mjs";

const escape = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export async function startEpayGateway({ key = EPAY_KEY } = {}) {
  const notifies = [];
  let seq = 0;
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", async () => {
      const form = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString("utf8")));
      if (req.method === "POST" && req.url === "/submit.php") {
        const valid = form.sign === epaySign(form, key);
        const hidden = Object.entries(form).map(([k, v]) => `<input type="hidden" name="${escape(k)}" value="${escape(v)}">`).join("");
        res.writeHead(valid ? 200 : 400, { "content-type": "text/html; charset=utf-8" });
        return res.end(valid
          ? `<html><body><h1>EPay checkout</h1><p id="order">${escape(form.name)}: <b id="money">${escape(form.money)}</b></p>` +
            `<form method="post" action="/pay">${hidden}<button id="pay" type="submit">Pay now</button></form></body></html>`
          : `<html><body><p id="bad">signature mismatch</p></body></html>`);
      }
      if (req.method === "POST" && req.url === "/pay") {
        const params = { pid: form.pid, trade_no: `EP${Date.now()}${++seq}`, out_trade_no: form.out_trade_no, type: form.type,
                         name: form.name, money: form.money, trade_status: "TRADE_SUCCESS" };
        const query = new URLSearchParams({ ...params, sign: epaySign(params, key), sign_type: "MD5" });
        const reply = await (await fetch(`${form.notify_url}?${query}`)).text();
        notifies.push({ trade: form.out_trade_no, reply });
        res.writeHead(302, { location: form.return_url });
        return res.end();
      }
      res.writeHead(404);
      res.end();
    });
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  const mock = { server, notifies, port: server.address().port };
  mock.base = `http://127.0.0.1:${mock.port}`;
  return mock;
}

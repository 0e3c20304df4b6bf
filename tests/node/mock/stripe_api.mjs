// A mock of Stripe's Checkout Sessions API, written from its documented shape: POST
// /v1/checkout/sessions takes a form-encoded body with a Bearer secret key and answers a
// checkout.session object; an unknown price answers Stripe's error object.
import http from "node:http";

export async function startStripeMock({ secret = "sk_test_123" } = {}) {
  const sessions = [];
  let seq = 0;
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      const send = (status, body) => {
        res.writeHead(status, { "content-type": "application/json" });
        res.end(JSON.stringify(body));
      };
      if (req.method !== "POST" || req.url !== "/v1/checkout/sessions") return send(404, { error: { message: "Unrecognized request URL" } });
      if (req.headers.authorization !== `Bearer ${secret}`)
        return send(401, { error: { type: "invalid_request_error", message: "Invalid API Key provided" } });
      const form = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString("utf8")));
      if (form["line_items[0][price]"] !== "price_unit")
        return send(400, { error: { type: "invalid_request_error", message: `No such price: '${form["line_items[0][price]"]}'` } });
      const id = `cs_test_${++seq}`;
      sessions.push({ id, form, contentType: req.headers["content-type"] });
      send(200, { id, object: "checkout.session", mode: form.mode, status: "open", payment_status: "unpaid",
                  client_reference_id: form.client_reference_id, url: `${mock.base}/pay/${id}` });
    });
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  const mock = { server, sessions, port: server.address().port };
  mock.base = `http://127.0.0.1:${mock.port}`;
  return mock;
}

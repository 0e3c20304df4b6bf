// A local SMTP server (the smtp-server package) that takes mail with the account and password the
// gateway is configured with, and keeps each message: to, subject (RFC 2047 decoded) and body.
import { SMTPServer } from "smtp-server";

const decodeWords = (text) => text.replace(/=\?UTF-8\?B\?([^?]+)\?=/gi, (_, b) => Buffer.from(b, "base64").toString());

export async function startSmtpSink({ user = "mailer@example.com", pass = "smtp-pass" } = {}) {
  const messages = [];
  const waiters = [];
  const server = new SMTPServer({
    disabledCommands: ["STARTTLS"],
    authMethods: ["PLAIN", "LOGIN"],
    onAuth(auth, session, done) {
      if (auth.username === user && auth.password === pass) return done(null, { user });
      done(new Error("Invalid username or password"));
    },
    onData(stream, session, done) {
      let raw = "";
      stream.on("data", (c) => (raw += c));
      stream.on("end", () => {
        const [head, ...rest] = raw.split("\r\n\r\n");
        const subject = decodeWords(head.match(/^Subject: (.*)$/m)?.[1] || "");
        const message = { from: session.envelope.mailFrom.address, to: session.envelope.rcptTo.map((r) => r.address),
                          subject, body: rest.join("\r\n\r\n"), raw };
        messages.push(message);
        waiters.splice(0).forEach((w) => w());
        done();
      });
    },
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  const sink = { server, messages, port: server.server.address().port, user, pass };
  // The next message to `to` (already received or yet to come).
  sink.next = async (to, after = 0) => {
    for (let i = 0; i < 100; i++) {
      const m = messages.slice(after).find((x) => x.to.includes(to));
      if (m) return m;
      await new Promise((r) => { waiters.push(r); setTimeout(r, 100); });
    }
    throw new Error("no mail for " + to);
  };
  return sink;
}

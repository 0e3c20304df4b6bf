// Passkey ceremonies against /api/user/passkey/*: the server's options (binary fields in base64url)
// turned into what navigator.credentials wants, and the credential back into JSON.
import { post } from "./api";

const b64u = (buf: ArrayBuffer) =>
  btoa(String.fromCharCode(...new Uint8Array(buf))).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
const unb64u = (s: string) =>
  Uint8Array.from(atob(s.replace(/-/g, "+").replace(/_/g, "/") + "=".repeat((4 - (s.length % 4)) % 4)), (c) => c.charCodeAt(0));

interface Begin {
  options: { publicKey: Record<string, unknown> };
  flow_token: string;
}
type Descriptor = { type: string; id: string };

function serialize(cred: PublicKeyCredential) {
  const r = cred.response as AuthenticatorAttestationResponse & AuthenticatorAssertionResponse;
  const response: Record<string, string> = { clientDataJSON: b64u(r.clientDataJSON) };
  if (r.attestationObject) response.attestationObject = b64u(r.attestationObject);
  if (r.authenticatorData) response.authenticatorData = b64u(r.authenticatorData);
  if (r.signature) response.signature = b64u(r.signature);
  if (r.userHandle) response.userHandle = b64u(r.userHandle);
  return { id: cred.id, rawId: b64u(cred.rawId), type: cred.type, authenticatorAttachment: cred.authenticatorAttachment, response };
}

const descriptors = (list: unknown) => ((list as Descriptor[]) || []).map((c) => ({ type: "public-key" as const, id: unb64u(c.id) }));

export async function registerPasskey() {
  const begin = await post<Begin>("/api/user/passkey/register/begin");
  const pk = begin.options.publicKey as unknown as PublicKeyCredentialCreationOptions & { user: { id: string }; challenge: string };
  const options = { ...pk, challenge: unb64u(pk.challenge), user: { ...pk.user, id: unb64u(pk.user.id) },
                    excludeCredentials: descriptors(pk.excludeCredentials) };
  const cred = (await navigator.credentials.create({ publicKey: options as PublicKeyCredentialCreationOptions })) as PublicKeyCredential;
  return post("/api/user/passkey/register/finish", { flow_token: begin.flow_token, credential: serialize(cred) });
}

// "login" signs in; "verify" proves the signed-in user again (answers a security proof).
export async function usePasskey<T>(kind: "login" | "verify", extra: Record<string, string> = {}) {
  const begin = await post<Begin>(`/api/user/passkey/${kind}/begin`);
  const pk = begin.options.publicKey as unknown as PublicKeyCredentialRequestOptions & { challenge: string };
  const options = { ...pk, challenge: unb64u(pk.challenge), allowCredentials: descriptors(pk.allowCredentials) };
  const cred = (await navigator.credentials.get({ publicKey: options as PublicKeyCredentialRequestOptions })) as PublicKeyCredential;
  return post<T>(`/api/user/passkey/${kind}/finish`, { flow_token: begin.flow_token, credential: serialize(cred), ...extra });
}

// New API's payment answers are {"message": "success"|"error", "data": ..., "url"?}: a refusal
// carries its reason in data. This turns them into values and Errors with that reason.
export interface PayAnswer<T> {
  data: T;
  url?: string;
}

export async function payCall<T>(path: string, body: unknown): Promise<PayAnswer<T>> {
  const uid = localStorage.getItem("gw.user_id");
  const res = await fetch(path, {
    method: "POST",
    credentials: "same-origin",
    headers: { "Content-Type": "application/json", ...(uid ? { "New-Api-User": uid } : {}) },
    body: JSON.stringify(body),
  });
  let answer: { message?: string; data?: unknown; url?: string };
  try {
    answer = await res.json();
  } catch {
    throw new Error(`HTTP ${res.status}`);
  }
  if (answer.message !== "success") throw new Error(typeof answer.data === "string" ? answer.data : answer.message || `HTTP ${res.status}`);
  return { data: answer.data as T, url: answer.url };
}

// EPay wants the signed fields posted as a form from the payer's browser.
export function postForm(url: string, fields: Record<string, string>) {
  const form = document.createElement("form");
  form.method = "POST";
  form.action = url;
  for (const [name, value] of Object.entries(fields)) {
    const input = document.createElement("input");
    input.type = "hidden";
    input.name = name;
    input.value = value;
    form.appendChild(input);
  }
  document.body.appendChild(form);
  form.submit();
}

// Runs a form action with a busy flag; a failure becomes an error toast with the server's message.
import { Toast } from "@douyinfe/semi-ui";
import { useCallback, useState } from "react";

export function useAction(): [boolean, (action: () => Promise<void>) => Promise<void>] {
  const [busy, setBusy] = useState(false);
  const run = useCallback(async (action: () => Promise<void>) => {
    setBusy(true);
    try {
      await action();
    } catch (e) {
      Toast.error((e as Error).message);
    } finally {
      setBusy(false);
    }
  }, []);
  return [busy, run];
}

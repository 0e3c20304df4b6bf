// Server-side pagination of a list endpoint that answers {items, total}.
import { Toast } from "@douyinfe/semi-ui";
import { useCallback, useEffect, useState } from "react";

import { get, query, type Page } from "../api";

export function usePaged<T>(path: string, filters: Record<string, string | number | undefined> = {}, pageSize = 10) {
  const [page, setPage] = useState(1);
  const [data, setData] = useState<Page<T>>({ items: [], total: 0, page: 1, page_size: pageSize });
  const [loading, setLoading] = useState(false);
  const key = JSON.stringify(filters);

  const reload = useCallback(async () => {
    setLoading(true);
    try {
      const p = await get<Page<T>>(path + query({ p: page, page_size: pageSize, ...JSON.parse(key) }));
      setData({ ...p, items: p.items || [] });
    } catch (e) {
      Toast.error((e as Error).message);
    } finally {
      setLoading(false);
    }
  }, [path, page, pageSize, key]);

  useEffect(() => {
    void reload();
  }, [reload]);

  const pagination = { currentPage: page, pageSize, total: data.total, onPageChange: setPage };
  return { items: data.items, total: data.total, loading, reload, pagination, setPage };
}

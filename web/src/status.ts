// /api/status: site name, logo, notice, money display.
import { get } from "./api";

export interface Status {
  system_name: string;
  logo: string;
  footer_html: string;
  quota_per_unit: number;
  display_in_currency: boolean;
  version: string;
  setup?: boolean;
  [key: string]: unknown;
}

export const loadStatus = () => get<Status>("/api/status");

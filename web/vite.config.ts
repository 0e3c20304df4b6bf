// The console builds to dist/, which the gateway serves at / (dev: vite proxies the APIs to :3000).
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

const api = { target: "http://localhost:3000", changeOrigin: true };

export default defineConfig({
  plugins: [react()],
  build: {
    outDir: "dist",
    chunkSizeWarningLimit: 4096,
    rollupOptions: {
      output: {
        manualChunks: { semi: ["@douyinfe/semi-ui", "@douyinfe/semi-icons"], vchart: ["@visactor/vchart", "@visactor/react-vchart"] },
      },
    },
  },
  server: { proxy: { "/api": api, "/v1": api, "/pg": api } },
});

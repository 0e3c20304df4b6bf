// The console's entry: i18n, theme, session, router.
import "./styles.css";
import "./i18n";

import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { BrowserRouter } from "react-router-dom";

import App from "./App";
import SemiLocale from "./components/SemiLocale";
import { SessionProvider } from "./session";
import { applyTheme, currentTheme } from "./theme";

applyTheme(currentTheme());

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <BrowserRouter>
      <SemiLocale>
        <SessionProvider>
          <App />
        </SessionProvider>
      </SemiLocale>
    </BrowserRouter>
  </StrictMode>,
);

// SPDX-License-Identifier: MIT
// serve.mjs: what both browser tests share: a static server for a folder on 127.0.0.1 (closed
// by the caller), headless Chromium through playwright-core, and the claim counter.
import { createReadStream, existsSync, statSync } from "node:fs";
import { createServer } from "node:http";
import { extname, join } from "node:path";
import { chromium } from "playwright-core";

const TYPES = { ".html": "text/html", ".js": "text/javascript", ".css": "text/css", ".wasm": "application/wasm" };

// Serves `site` (an absolute path); resolves to { url, close } once listening.
export async function serve(site) {
  const server = createServer((req, res) => {
    const path = join(site, decodeURIComponent(new URL(req.url, "http://x").pathname).replace(/^\/+/, "") || "index.html");
    if (!path.startsWith(site) || !existsSync(path) || !statSync(path).isFile()) {
      res.writeHead(404);
      res.end("not found");
      return;
    }
    res.writeHead(200, { "Content-Type": TYPES[extname(path)] || "application/octet-stream" });
    createReadStream(path).pipe(res);
  });
  await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
  return { url: `http://127.0.0.1:${server.address().port}/index.html`, close: () => server.close() };
}

export function launch() {
  return chromium.launch({ executablePath: process.env.CHROMIUM || "/usr/bin/chromium", headless: true, args: ["--no-sandbox"] });
}

// Prints each claim as it is checked; failures() counts the false ones.
let failed = 0;
export function claim(ok, text) {
  console.log(`${ok ? "ok  " : "FAIL"} ${text}`);
  if (!ok) failed++;
}
export const failures = () => failed;

// A page with its console errors collected, opened at `url`, once the page has opened its link
// (the status's data-ready: "ready", or "error" when the link was refused).
export async function openPage(context, url) {
  const page = await context.newPage();
  const errors = [];
  page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(url);
  await page.waitForFunction(() => document.getElementById("status").dataset.ready, null, { timeout: 60000 });
  return { page, errors, ready: await page.evaluate(() => document.getElementById("status").dataset.ready) };
}

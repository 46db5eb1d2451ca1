// SPDX-License-Identifier: MIT
// browser_test.mjs: the playground in a real browser. Serves the web build's folder from a tiny
// static server on 127.0.0.1, drives the system's headless Chromium with playwright-core, and
// checks the page's claims: it loads without console errors; XOR without activations stays at
// or below 75% while Tanh reaches 100% (several seeds); two moons reaches 97% within a bounded
// number of epochs (several seeds); the boundary picture shows both classes' colours; the lesson
// views (play, fold, backprop, diagnostics, activation lab) work; and a downloaded model file
// predicts, read natively by mlp::load_model, what the page predicted (to 1e-12), and loads back.
//
//   node browser_test.mjs SITE_DIR MODEL_PREDICT [SCREENSHOT.png]
import { spawnSync } from "node:child_process";
import { createReadStream, existsSync, mkdtempSync, readFileSync, statSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { extname, join, resolve } from "node:path";
import { chromium } from "playwright-core";

const [site, predictor, screenshotPath] = process.argv.slice(2).map((p) => p && resolve(p));
if (!site || !predictor) {
  console.error("usage: node browser_test.mjs SITE_DIR MODEL_PREDICT [SCREENSHOT.png]");
  process.exit(2);
}
const chromiumPath = process.env.CHROMIUM || "/usr/bin/chromium";

const TYPES = { ".html": "text/html", ".js": "text/javascript", ".css": "text/css", ".wasm": "application/wasm" };
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
const url = `http://127.0.0.1:${server.address().port}/index.html`;

let failures = 0;
function claim(ok, text) {
  console.log(`${ok ? "ok  " : "FAIL"} ${text}`);
  if (!ok) failures++;
}

const browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: ["--no-sandbox"] });
try {
  const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1600, height: 860 } });
  const page = await context.newPage();
  const errors = [];
  page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
  page.on("pageerror", (e) => errors.push(String(e)));
  const started = Date.now();
  await page.goto(url);
  await page.waitForFunction(() => document.getElementById("status").textContent.startsWith("ready"), null, { timeout: 30000 });
  claim(errors.length === 0, `the page loads without errors (${Date.now() - started} ms)`);

  // Sets the page's controls as a user would, then calls the functions their handlers call.
  const setup = (o) => page.evaluate((o) => {
    const set = (id, v) => { document.getElementById(id).value = String(v); };
    set("dataset", o.data); set("points", o.points); set("noise", o.noise); set("test-fraction", o.test);
    set("data-seed", o.dataSeed ?? 1); set("loss", o.loss ?? "bce-logits"); set("optimizer", o.optimizer ?? "sgd");
    set("lr", o.lr); set("batch", o.batch); set("l2", 0); set("seed", o.seed);
    app.layers = o.layers.map(([units, act, after]) => ({ units, act, after }));
    app.drawLayers();
    return app.setData() && app.build() ? "" : app.error;
  }, o);
  // Trains until the training accuracy reaches `target` or `epochs` pass; returns what it measured.
  const trainTo = (target, epochs) => page.evaluate(([target, epochs]) => {
    let s = JSON.parse(app.pg.stats());
    while (s.epoch < epochs && s.train_accuracy < target) {
      if (!app.train(1)) return { error: app.error };
      s = JSON.parse(app.pg.stats());
    }
    app.redraw(true);
    return s;
  }, [target, epochs]);

  // XOR: the lesson's four points, 2-8-8-1, SGD lr 0.1, full batch.
  for (const seed of [1, 2, 3]) {
    const xor = { data: "xor", points: 4, noise: 0, test: 0, lr: 0.1, batch: 4, seed };
    claim(await setup({ ...xor, layers: [[8, "none"], [8, "none"]] }) === "", `XOR set up, seed ${seed}`);
    const linear = await trainTo(1.01, 300);
    claim(linear.train_accuracy <= 0.75, `XOR, no activation, seed ${seed}: ${100 * linear.train_accuracy}% after ${linear.epoch} epochs (<= 75%)`);
    if (seed === 1) {
      const folded = await page.evaluate(() => { app.showCollapse(); return JSON.parse(app.pg.collapse()); });
      claim(folded.linear && folded.layers === 1 && folded.max_difference < 1e-9,
            `the linear stack folds into one Dense layer (max difference ${folded.max_difference})`);
    }
    await setup({ ...xor, layers: [[8, "tanh"], [8, "tanh"]] });
    const tanh = await trainTo(1.0, 1000);
    claim(tanh.train_accuracy === 1, `XOR, Tanh, seed ${seed}: 100% in ${tanh.epoch} epochs (at most 1000)`);
  }

  // Two moons: 400 points, noise 0.1, a fifth held out; 2-16-16-1 Tanh, SGD lr 0.1, batch 10.
  const moonsEpochs = 100;
  for (const seed of [1, 2, 3]) {
    await setup({ data: "moons", points: 400, noise: 0.1, test: 0.2, lr: 0.1, batch: 10, seed, dataSeed: seed,
                  layers: [[16, "tanh"], [16, "tanh"]] });
    const moons = await trainTo(0.97, moonsEpochs);
    claim(moons.train_accuracy >= 0.97, `two moons, seed ${seed}: ${(100 * moons.train_accuracy).toFixed(1)}% train, ` +
          `${(100 * moons.test_accuracy).toFixed(1)}% test, after ${moons.epoch} epochs (97% within ${moonsEpochs})`);
  }

  // The picture: both classes' background colours cover part of the boundary canvas.
  const colours = await page.evaluate(() => {
    const c = document.getElementById("boundary"), d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
    let orange = 0, blue = 0;
    for (let k = 0; k < d.length; k += 4) {
      if (d[k] > d[k + 2] + 40) orange++;
      if (d[k + 2] > d[k] + 40) blue++;
    }
    return { orange: orange / (d.length / 4), blue: blue / (d.length / 4) };
  });
  claim(colours.orange > 0.2 && colours.blue > 0.2,
        `the boundary shows both classes: ${(100 * colours.orange).toFixed(0)}% orange, ${(100 * colours.blue).toFixed(0)}% blue pixels`);
  const units = await page.evaluate(() => document.querySelectorAll("#units canvas").length);
  claim(units === 32, `a heatmap for each of the 32 hidden units (${units})`);

  // The lesson views and play/pause.
  const views = await page.evaluate(async () => {
    app.showBackprop();
    app.play();
    await new Promise((ok) => setTimeout(ok, 1500));
    app.pause();
    const t = JSON.parse(app.pg.backprop(0));
    const lab = JSON.parse(app.pg.lab("relu"));
    return { backprop: document.querySelectorAll("#backprop-out td").length, layers: t.layers.length,
             gradients: t.layers[0].params[0].grad.flat().some((v) => v !== 0),
             diagnostics: document.querySelectorAll("#diagnostics tr").length, epoch: JSON.parse(app.pg.stats()).epoch,
             labSparsity: lab.sparsity, labTanh: document.getElementById("lab-out").textContent };
  });
  claim(views.backprop > 100 && views.layers === 5 && views.gradients, `one step of backprop shows ${views.backprop} numbers over ${views.layers} layers`);
  claim(views.diagnostics === 6, `diagnostics table: a row per layer (${views.diagnostics - 1})`);
  claim(views.epoch > 0, `play trains and pause stops (epoch ${views.epoch})`);
  claim(views.labSparsity > 0.4 && views.labSparsity < 0.6 && views.labTanh.includes("tanh"),
        `activation lab: ReLU zeroes ${views.labSparsity} of N(0, 1) inputs; the slider shows tanh`);
  if (screenshotPath) await page.screenshot({ path: screenshotPath, fullPage: false });

  // The losses come from the registry; a loss gone non-finite reaches the page as the Trainer's
  // message naming where the first NaN or infinity came from; L2 trains (weight decay).
  const losses = await page.evaluate(() => Array.from(document.getElementById("loss").options).map((o) => o.value));
  claim(["bce", "bce-logits", "cross-entropy", "mse", "multi-margin"].every((n) => losses.includes(n)),
        `the loss list is the registry's: ${losses.join(", ")}`);
  const blowup = await page.evaluate(async () => {
    const set = (id, v) => { document.getElementById(id).value = String(v); };
    set("loss", "mse"); set("lr", 3); set("l2", 0);
    app.build();
    for (let e = 0; e < 200 && app.train(1); e++);
    const error = app.error;
    set("lr", 0.03); set("l2", 0.01); set("loss", "bce"); app.build();
    const l2 = app.train(5) ? JSON.parse(app.pg.stats()) : { error: app.error };
    set("l2", 0); app.setTraining();
    return { error, l2 };
  });
  claim(blowup.error.includes("Trainer::fit: the loss became") && blowup.error.includes("first non-finite"),
        `a learning rate of 3 shows the Trainer's message on the page: ${blowup.error.slice(0, 120)}...`);
  claim(blowup.l2.epoch === 5 && Number.isFinite(blowup.l2.train_loss),
        `BCE (a sigmoid after the last layer) with L2 0.01 trains (epoch ${blowup.l2.epoch}, loss ${blowup.l2.train_loss})`);

  // The model file: downloaded, read natively, identical predictions; then uploaded back.
  const [download] = await Promise.all([page.waitForEvent("download"), page.click("#download")]);
  const dir = mkdtempSync(join(tmpdir(), "mlp-web-"));
  const modelPath = join(dir, "model.txt");
  await download.saveAs(modelPath);
  const points = await page.evaluate(() => Array.from(app.pg.points()).flatMap((v, k) => (k % 4 < 2 ? [v] : [])));
  const inPage = await page.evaluate((p) => app.pg.predict(p), points);
  const input = points.map((v, k) => String(v) + (k % 2 ? "\n" : " ")).join("");
  const native = spawnSync(predictor, [modelPath], { input, encoding: "utf8" });
  // Not byte for byte: emscripten's maths library (musl) and glibc differ in the last bit of tanh
  // and exp for some arguments, so the same weights predict to within a few ulps (measured).
  const a = native.stdout.trim().split(/\s+/).map(Number), b = inPage.trim().split(/\s+/).map(Number);
  let worst = a.length === b.length ? 0 : Infinity;
  a.forEach((v, k) => { worst = Math.max(worst, Math.abs(v - b[k]) / Math.max(Math.abs(v), 1e-300)); });
  claim(native.status === 0 && inPage.length > 0 && worst <= 1e-12,
        `the downloaded model (${readFileSync(modelPath, "utf8").split("\n")[0]}) predicts natively what the page did, ` +
        `${points.length / 2} points, largest relative difference ${worst} (<= 1e-12)${native.status ? ": " + native.stderr : ""}`);
  const reloaded = await page.evaluate(async () => { app.build(); return app.pg.predict([0.5, 0.25]); });
  await page.setInputFiles("#upload", modelPath);
  await page.waitForFunction(() => document.getElementById("status").textContent.startsWith("model loaded"));
  const afterUpload = await page.evaluate((p) => app.pg.predict(p), points);
  claim(afterUpload === inPage && reloaded !== afterUpload.split("\n")[0] + "\n", "uploading the file restores the same predictions");
  // The new layers by their registry names: BatchNorm or LayerNorm after each hidden Dense.
  const offered = await page.evaluate(() => [...document.querySelector("#layers select").options].map((o) => o.value));
  claim(offered.includes("batch_norm") && offered.includes("layer_norm"),
        `each hidden layer offers the norm layers by registry name (${offered.filter((v) => v).join(", ")})`);
  for (const after of ["batch_norm", "layer_norm"]) {
    claim(await setup({ data: "moons", points: 400, noise: 0.1, test: 0.2, lr: 0.1, batch: 10, seed: 1,
                        layers: [[16, "tanh", after], [16, "tanh", after]] }) === "", `moons with ${after} set up`);
    const normed = await trainTo(0.97, moonsEpochs);
    const specs = await page.evaluate(() => JSON.parse(app.pg.layers()));
    claim(specs.includes(`${after}:16`) && normed.train_accuracy >= 0.97,
          `two moons with ${after} after each Dense: ${(100 * normed.train_accuracy).toFixed(1)}% train after ${normed.epoch} epochs`);
    // One sample's backprop step: LayerNorm normalises each row, so it steps; BatchNorm in training
    // has no variance over one sample, and the page shows the library's message saying so.
    const shown = await page.evaluate(() => {
      app.showBackprop();
      const step = JSON.parse(app.pg.backprop(0));
      return { layers: step.layers ? step.layers.length : 0, specs: JSON.parse(app.pg.layers()).length,
               status: document.getElementById("status").textContent, units: JSON.parse(app.pg.hidden()).length };
    });
    claim(shown.units === 2 && (after === "batch_norm" ? shown.status.includes("expected at least 2 samples in training")
                                                        : shown.layers === shown.specs),
          `with ${after}: unit maps for ${shown.units} hidden layers; one sample's backprop step: ` +
          (shown.layers ? `${shown.layers} of ${shown.specs} layers` : `"${shown.status.slice(0, 90)}..."`));
    if (screenshotPath) await page.screenshot({ path: screenshotPath.replace(/\.png$/, `_${after}.png`), fullPage: true });
  }

  claim(errors.length === 0, `no console errors${errors.length ? ": " + errors.join(" | ") : ""}`);
} finally {
  await browser.close();
  server.close();
}
console.log(failures ? `${failures} claim(s) failed` : "all browser claims hold");
process.exit(failures ? 1 : 0);

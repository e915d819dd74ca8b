// Drives Debian's chromium (through playwright-core) through Khabar's GraphiQL playground:
// the page loads from this server alone, the editor holds the default query, running it shows seed data.
//
//   node tests/browser/playground.mjs URL [--expect TEXT] [--screenshot PATH]
//
// Prints one JSON line with what it checked; exits 0 on success and 1, loudly, otherwise.
// Run by tests/test_browser.py against the seeded API (`make test`).
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";

import { chromium } from "playwright-core";

const CHROMIUM = process.env.KHABAR_CHROMIUM || "/usr/bin/chromium";
const ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync"];
const TIMEOUT_MS = 30_000;

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    expect: { type: "string", default: "Sergei Lavrov" },
    screenshot: { type: "string" },
  },
});
if (positionals.length !== 1) {
  console.error("usage: node tests/browser/playground.mjs URL [--expect TEXT] [--screenshot PATH]");
  process.exit(2);
}
const url = new URL(positionals[0]);
const screenshot = values.screenshot || join(mkdtempSync(join(tmpdir(), "khabar-playground-")), "playground.png");

const problems = []; // anything here fails the run
const foreign = []; // requests to any other host: blocked, and a failure (the page must work offline)
const report = { url: url.href, screenshot, expect: values.expect };

function fail(message) {
  throw new Error(message);
}

// The text of the CodeMirror editor inside `selector` (GraphiQL 3 uses CodeMirror 5, which renders only
// the visible lines, so read the editor's model rather than the DOM).
function editorText(selector) {
  const element = document.querySelector(`${selector} .CodeMirror`);
  return element && element.CodeMirror ? element.CodeMirror.getValue() : null;
}

const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, timeout: TIMEOUT_MS });
let page;
try {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  page = await context.newPage();
  page.setDefaultTimeout(TIMEOUT_MS);
  await page.route("**/*", (route) => {
    const target = new URL(route.request().url());
    if (["data:", "blob:"].includes(target.protocol) || target.host === url.host) return route.continue();
    foreign.push(target.href);
    return route.abort("blockedbyclient");
  });
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(`console error: ${message.text()}`);
  });
  page.on("requestfailed", (request) => {
    if (!foreign.includes(request.url())) problems.push(`request failed: ${request.url()} ${request.failure()?.errorText}`);
  });
  page.on("response", (response) => {
    if (response.status() >= 400) problems.push(`HTTP ${response.status()} for ${response.url()}`);
  });

  const response = await page.goto(url.href, { waitUntil: "load" });
  if (!response || !response.ok()) fail(`GET ${url.href} answered ${response && response.status()}`);

  // GraphiQL has rendered, with the default query in the editor.
  await page.waitForSelector(".graphiql-container .graphiql-query-editor .CodeMirror");
  await page.waitForFunction(editorText, ".graphiql-query-editor");
  const query = await page.evaluate(editorText, ".graphiql-query-editor");
  const defaultQuery = await page.evaluate(
    () => JSON.parse(document.getElementById("khabar-playground-config").textContent).defaultQuery);
  if (query !== defaultQuery) fail(`the editor does not hold the default query; it holds:\n${query}`);
  report.queryName = (query.match(/query\s+(\w+)/) || [])[1] || null;

  // Run it with the run button; wait for the response pane to hold a whole JSON answer.
  await page.click("button.graphiql-execute-button");
  await page.waitForFunction((selector) => {
    const element = document.querySelector(`${selector} .CodeMirror`);
    const value = element && element.CodeMirror ? element.CodeMirror.getValue() : "";
    try {
      return value.trim().startsWith("{") && typeof JSON.parse(value) === "object";
    } catch {
      return false;
    }
  }, ".graphiql-response");
  const resultText = await page.evaluate(editorText, ".graphiql-response");
  const result = JSON.parse(resultText);
  if (result.errors) fail(`the query answered errors: ${JSON.stringify(result.errors)}`);
  const visits = result.data && result.data.visits;
  if (!visits || !(visits.totalCount > 0) || visits.edges.length === 0) fail(`no visits in the result: ${resultText}`);
  if (!resultText.includes(values.expect)) fail(`the result does not mention ${values.expect}`);
  report.totalCount = visits.totalCount;
  report.visitors = visits.edges.map((edge) => edge.node.visitor.name);
  // The text a person sees in the result pane (the visible lines), for the caller to check too.
  report.visibleResult = (await page.locator(".graphiql-response").innerText()).slice(0, 2000);
  if (!report.visibleResult.includes(values.expect)) fail(`${values.expect} is not visible in the result pane`);
  await page.screenshot({ path: screenshot });

  // The Docs pane loaded the schema by introspection (where analysts learn the API).
  await page.click('button[aria-label="Show Documentation Explorer"]');
  await page.waitForSelector(".graphiql-doc-explorer");
  await page.locator(".graphiql-doc-explorer").getByText("Query", { exact: true }).first().waitFor();
  report.docsPane = true;
  report.docsScreenshot = screenshot.replace(/(\.png)?$/, "-docs.png");
  await page.screenshot({ path: report.docsScreenshot });

  if (foreign.length) fail(`the page asked for other hosts (it must work offline): ${foreign.join(", ")}`);
  if (problems.length) fail(`the page reported problems:\n  ${problems.join("\n  ")}`);
  report.ok = true;
  console.log(JSON.stringify(report));
} catch (error) {
  report.ok = false;
  report.error = String(error && error.message ? error.message : error);
  report.problems = problems;
  report.foreign = foreign;
  if (page) await page.screenshot({ path: screenshot }).catch(() => {});
  console.log(JSON.stringify(report));
  console.error(`PLAYGROUND BROWSER CHECK FAILED: ${report.error}\n(screenshot: ${screenshot})`);
  process.exitCode = 1;
} finally {
  await browser.close();
}

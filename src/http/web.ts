import { createRequire } from "node:module";
import { join } from "node:path";
import express, { Router } from "express";

const require = createRequire(import.meta.url);

/** The ECharts build the page loads, served from the installed package (never a CDN). */
export function echartsFile(): string {
  return require.resolve("echarts/dist/echarts.min.js");
}

/**
 * The dashboard page and its assets: index.html at /, the page's modules and styles under
 * /assets, ECharts under /vendor. Everything comes from this server.
 */
export function webRoutes(webDir: string): Router {
  const router = Router();
  const index = join(webDir, "index.html");
  const echarts = echartsFile();
  router.get("/", (_req, res) => {
    res.setHeader("Cache-Control", "no-cache");
    res.sendFile(index);
  });
  router.get("/vendor/echarts.min.js", (_req, res) => {
    res.setHeader("Cache-Control", "public, max-age=86400");
    res.sendFile(echarts);
  });
  router.use(
    "/assets",
    express.static(webDir, { index: false, dotfiles: "deny", fallthrough: true, maxAge: 0, redirect: false }),
  );
  return router;
}

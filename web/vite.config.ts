// The leaders' view is served by the server under /view/ (server/api/view.py): the build goes into the
// server package (server/web_assets, gitignored, shipped in the wheel and the .deb).
import { gzipSync } from "node:zlib";
import { readdirSync, readFileSync, writeFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig, type Plugin } from "vite";

const OUT = resolve(fileURLToPath(new URL(".", import.meta.url)), "../server/web_assets");

/** Writes FILE.gz beside every text asset, so the server sends the compressed file without compressing. */
function precompress(): Plugin {
  return {
    name: "iocwall-precompress",
    apply: "build",
    closeBundle() {
      const walk = (dir: string): void => {
        for (const name of readdirSync(dir)) {
          const path = join(dir, name);
          if (statSync(path).isDirectory()) walk(path);
          else if (/\.(js|css|html|svg|json|map)$/.test(name)) {
            const plain = readFileSync(path);
            const packed = gzipSync(plain, { level: 9 });
            if (packed.length < plain.length) writeFileSync(path + ".gz", packed);
          }
        }
      };
      walk(OUT);
    },
  };
}

export default defineConfig({
  base: "/view/",
  build: {
    outDir: OUT,
    emptyOutDir: true,
    assetsDir: "assets",
    target: "es2020",
    sourcemap: false,
    // mpegts.js is loaded only when a video tile plays (a dynamic import: its own chunk).
    chunkSizeWarningLimit: 600,
  },
  plugins: [precompress()],
});

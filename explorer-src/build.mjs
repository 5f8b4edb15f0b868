// Builds the explorer into ../pipeline/explorer/static/ (committed, so tests, CI and publishing
// need no npm): the page, one bundled app.js (DuckDB-WASM's JS API + Apache Arrow + ours), the
// DuckDB worker, and the DuckDB .wasm compressed with xz (pipeline.explorer.build decompresses it
// into each snapshot and checks its SHA-256 against vendor.json).
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as esbuild from 'esbuild';

const OUT = '../pipeline/explorer/static';
const DIST = 'node_modules/@duckdb/duckdb-wasm/dist';
const sha256 = (path) => createHash('sha256').update(readFileSync(path)).digest('hex');
const version = (pkg) => JSON.parse(readFileSync(`node_modules/${pkg}/package.json`, 'utf8')).version;

rmSync(OUT, { recursive: true, force: true });
mkdirSync(OUT, { recursive: true });

await esbuild.build({
  entryPoints: ['src/main.js'],
  bundle: true,
  minify: true,
  format: 'esm',
  target: ['chrome100', 'firefox100', 'safari15'],
  loader: { '.sql': 'text' },
  legalComments: 'none', // the licenses go to THIRD_PARTY_LICENSES.txt
  outfile: `${OUT}/app.js`,
});
for (const f of ['index.html', 'style.css']) copyFileSync(`src/${f}`, `${OUT}/${f}`);
copyFileSync(`${DIST}/duckdb-browser-eh.worker.js`, `${OUT}/duckdb-browser-eh.worker.js`);
writeFileSync(`${OUT}/duckdb-eh.wasm.xz`, execFileSync('xz', ['-9e', '-T1', '-c', `${DIST}/duckdb-eh.wasm`],
                                                       { maxBuffer: 1 << 30 }));

// The license texts of everything bundled (the npm package of DuckDB-WASM ships none: its
// package.json names the license and the repository holding the text).
const licenses = ['@duckdb/duckdb-wasm', 'apache-arrow', 'flatbuffers', 'tslib'].map((pkg) => {
  const meta = JSON.parse(readFileSync(`node_modules/${pkg}/package.json`, 'utf8'));
  const texts = [];
  for (const name of ['LICENSE', 'LICENSE.txt', 'LICENSE.md', 'NOTICE.txt']) {
    try { texts.push(readFileSync(`node_modules/${pkg}/${name}`, 'utf8').trim()); } catch { /* absent */ }
  }
  if (!texts.length) {
    const repo = typeof meta.repository === 'string' ? meta.repository : meta.repository?.url;
    texts.push(`License: ${meta.license} (see the LICENSE file of ${repo})`);
  }
  return `==== ${pkg} ${meta.version} (${meta.license}) ====\n\n${texts.join('\n\n')}\n`;
});
writeFileSync(`${OUT}/THIRD_PARTY_LICENSES.txt`, licenses.join('\n'));

writeFileSync(`${OUT}/vendor.json`, JSON.stringify({
  '@duckdb/duckdb-wasm': version('@duckdb/duckdb-wasm'),
  'apache-arrow': version('apache-arrow'),
  esbuild: version('esbuild'),
  files: {
    'duckdb-eh.wasm': { from: 'duckdb-eh.wasm.xz', sha256: sha256(`${DIST}/duckdb-eh.wasm`) },
    'duckdb-browser-eh.worker.js': { sha256: sha256(`${DIST}/duckdb-browser-eh.worker.js`) },
  },
}, null, 2) + '\n');
console.log(`built ${OUT}`);

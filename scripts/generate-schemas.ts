/**
 * Writes the JSON Schema files shipped under `dist/schemas/`, generated from
 * the zod schemas (the single source of truth). Run by `npm run build`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { JSON_SCHEMAS } from '../src/json-schemas.js';

const outDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'schemas');
mkdirSync(outDir, { recursive: true });
for (const [file, schema] of Object.entries(JSON_SCHEMAS)) {
  writeFileSync(join(outDir, file), `${JSON.stringify(schema(), null, 2)}\n`);
  console.log(`wrote dist/schemas/${file}`);
}

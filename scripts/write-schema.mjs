// Writes schema/inventory.schema.json from the zod definition. Run after `npx tsc -p tsconfig.build.json`.
import { writeFileSync } from 'node:fs';
import { inventoryJsonSchema } from '../dist/inventory/schema.js';

const target = new URL('../schema/inventory.schema.json', import.meta.url);
writeFileSync(target, `${JSON.stringify(inventoryJsonSchema(), null, 2)}\n`);
console.error(`wrote ${target.pathname}`);

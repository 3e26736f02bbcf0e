// The lint step (eslint.config.js, run by `npm test` and `npm run lint`) keeps the layers apart:
// these sources are linted as if they stood in workflows/ and rules/.
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: new URL('../..', import.meta.url).pathname });

async function refusedImports(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => code.split('\n')[m.line - 1]);
}

describe('the lint boundaries', () => {
  it('keep Node built-ins and engine/ out of workflows/', async () => {
    const code = [
      "import fs from 'fs';",
      "import path from 'node:path';",
      "import { loadConfig } from '../engine/app/config.js';",
      "import type { Db } from '../engine/platform/database.js';",
      "import { TASK_QUEUE } from './shared.js';",
      "import { validateDocument } from '../rules/index.js';",
      "import { proxyActivities } from '@temporalio/workflow';",
    ].join('\n');
    expect(await refusedImports('workflows/example.ts', code)).toEqual(code.split('\n').slice(0, 4));
  });

  it('keep everything but json-rules-engine, luxon and rules/ itself out of rules/', async () => {
    const top = [
      "import { z } from 'zod';",
      "import { readFileSync } from 'node:fs';",
      "import { createDb } from '../engine/platform/database.js';",
      "import { Engine } from 'json-rules-engine';",
      "import { DateTime } from 'luxon';",
      "import { FACTS } from './facts.js';",
    ].join('\n');
    expect(await refusedImports('rules/example.ts', top)).toEqual(top.split('\n').slice(0, 3));
    const nested = ["import { x } from '../../engine/app/config.js';", "import { FACTS } from '../facts.js';", "import { y } from './types.js';"].join('\n');
    expect(await refusedImports('rules/business-hours/example.ts', nested)).toEqual([nested.split('\n')[0]]);
  });

  it('pass on the whole tree', async () => {
    const results = await eslint.lintFiles(['.']);
    const problems = results.flatMap((r) => r.messages.map((m) => `${r.filePath}:${m.line} ${m.message}`));
    expect(problems).toEqual([]);
  }, 120_000);
});

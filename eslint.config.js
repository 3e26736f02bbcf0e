// ESLint (typescript-eslint): keeps the layers apart (architecture.md). Workflow code runs in
// Temporal's deterministic sandbox: no Node built-ins, nothing of engine/. rules/ is pure: only
// json-rules-engine, luxon and its own files.
import { builtinModules } from 'node:module';
import tseslint from 'typescript-eslint';

const nodeBuiltins = [...builtinModules.filter((m) => !m.startsWith('_')), ...builtinModules.map((m) => `node:${m}`)];

const workflowRule = {
  paths: nodeBuiltins.map((name) => ({ name, message: 'workflows/ runs in the Temporal sandbox: no Node built-ins (use an activity).' })),
  patterns: [
    { regex: '(^|/)engine(/|$)', message: 'workflows/ must not import engine/: declare what you need in workflows/activities.ts.' },
  ],
};

const pure = 'rules/ is pure: only json-rules-engine, luxon and its own files.';

export default tseslint.config(
  { ignores: ['node_modules/**', 'admin-ui/dist/**', '.switchboard/**', '.tmp-split/**', '**/*.d.mts'] },
  {
    files: ['**/*.ts', '**/*.mts', '**/*.js', '**/*.mjs'],
    languageOptions: { parser: tseslint.parser, ecmaVersion: 'latest', sourceType: 'module' },
    plugins: { '@typescript-eslint': tseslint.plugin },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
  },
  {
    files: ['**/*.ts', '**/*.mts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', ignoreRestSiblings: true }],
    },
  },
  { files: ['workflows/**/*.ts'], rules: { 'no-restricted-imports': ['error', workflowRule] } },
  {
    files: ['rules/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ regex: '^(?!json-rules-engine$|luxon$|\\./)', message: pure }] }] },
  },
  {
    files: ['rules/*/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ regex: '^(?!json-rules-engine$|luxon$|\\./|\\.\\./(?!\\.\\./))', message: pure }] }] },
  },
);

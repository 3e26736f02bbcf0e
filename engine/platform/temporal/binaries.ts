// The Temporal server programs for TypeScript code. The implementation is plain Node in
// engine/setup/ because `npm start` / `npm test` run it (prepare.mjs) before node_modules exists.
export {
  CLI_VERSION,
  TEST_SERVER_VERSION,
  cacheDir,
  resolveDevServer,
  resolveTestServer,
  type ResolveOptions
} from '../../setup/temporal-binaries.mjs';

// Types of temporal-binaries.mjs, which stays plain JavaScript because it runs before npm install.
export declare const CLI_VERSION: string;
export declare const TEST_SERVER_VERSION: string;

export interface ResolveOptions {
  /** Receives one line naming the source used (and progress lines while building). Default: console.error. */
  log?: (line: string) => void;
  /** Build into the cache when nothing is found (minutes for the CLI). Default: true. */
  build?: boolean;
}

/** SWITCHBOARD_CACHE_DIR, else $XDG_CACHE_HOME/switchboard, else ~/.cache/switchboard. */
export declare function cacheDir(): string;
/** Absolute path of the `temporal` CLI (its `server start-dev` is the dev server). */
export declare function resolveDevServer(options?: ResolveOptions): Promise<string>;
/** Path of an executable that runs the Java time-skipping test server: `<it> <port>`. */
export declare function resolveTestServer(options?: ResolveOptions): Promise<string>;

/**
 * The Node flags a test passes on to a Node process it starts, so that the child runs the package the way the
 * test does: inside the repository, the TypeScript source (`--conditions=fusionauth-dev-server-source
 * --import tsx`). The test runner's own flags are left out, and an imported module is resolved here, since
 * the child may run in a folder with no node_modules.
 */
export const NODE_FLAGS: readonly string[] = process.execArgv
  .filter((flag) => !flag.startsWith('--test'))
  .map((flag, index, flags) => (flags[index - 1] === '--import' ? import.meta.resolve(flag) : flag));

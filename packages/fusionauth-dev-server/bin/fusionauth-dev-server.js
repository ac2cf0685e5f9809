#!/usr/bin/env node
// The command runs the compiled JavaScript in dist/ with plain node. Inside its own repository, node started
// with `--conditions=fusionauth-dev-server-source --import tsx` resolves `#command` to the TypeScript source.
import '#command';

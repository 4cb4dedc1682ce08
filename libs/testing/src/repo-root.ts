// The repository's root, for what a test starts from it (tools/kafka, node_modules binaries, .eventshop).
import path from 'node:path';

export const repoRoot = path.resolve(__dirname, '../../..');

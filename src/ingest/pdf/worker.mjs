// The PDF reader thread's entry: Node cannot start a worker on a .ts file, so this registers
// tsx (as `npm start`, the CLI and vitest each run TypeScript differently) and loads worker.ts.
import { register } from "tsx/esm/api";

register();
await import("./worker.ts");

// The part of Node.js a learner's program uses, for `tsc --strict` (Debian has no @types/node).
// Kept small on purpose: reading stdin, writing stdout and stderr, exit codes, timers.
interface UwReadable {
  setEncoding(encoding: string): void;
  on(event: "data", listener: (chunk: string) => void): this;
  on(event: "end" | "close", listener: () => void): this;
  resume(): void;
}
interface UwWritable {
  write(data: string | Uint8Array): boolean;
}
declare var process: {
  argv: string[];
  env: { [name: string]: string | undefined };
  exitCode: number | undefined;
  stdin: UwReadable;
  stdout: UwWritable;
  stderr: UwWritable;
  exit(code?: number): never;
  hrtime: { bigint(): bigint };
  memoryUsage(): { rss: number; heapUsed: number; heapTotal: number };
};
interface UwConsole {
  log(...data: unknown[]): void;
  error(...data: unknown[]): void;
  warn(...data: unknown[]): void;
  info(...data: unknown[]): void;
}
declare var console: UwConsole;
declare function setTimeout(callback: (...args: unknown[]) => void, ms?: number): unknown;
declare function clearTimeout(handle: unknown): void;
declare function setInterval(callback: (...args: unknown[]) => void, ms?: number): unknown;
declare function clearInterval(handle: unknown): void;
declare function setImmediate(callback: (...args: unknown[]) => void): unknown;
declare class TextEncoder { encode(input?: string): Uint8Array; }
declare class TextDecoder { constructor(label?: string); decode(input?: Uint8Array): string; }
interface UwFs {
  readFileSync(fd: number | string, encoding: string): string;
  readFileSync(fd: number | string): Uint8Array;
  writeFileSync(fd: number | string, data: string | Uint8Array): void;
  writeSync(fd: number, data: string | Uint8Array): number;
  existsSync(path: string): boolean;
}
interface UwReadlineInterface {
  on(event: "line", listener: (line: string) => void): this;
  on(event: "close", listener: () => void): this;
  close(): void;
  [Symbol.asyncIterator](): AsyncIterableIterator<string>;
}
interface UwReadline {
  createInterface(options: { input: UwReadable; output?: UwWritable; terminal?: boolean }):
    UwReadlineInterface;
}
declare function require(name: "fs"): UwFs;
declare function require(name: "readline"): UwReadline;
declare function require(name: string): any;
declare var module: { exports: any };
declare var exports: any;

// The few web-platform globals that workerd, browsers and Node 20+ all provide.
// engine/ may use these and nothing else host-specific; declaring them here (rather than
// pulling in lib.dom or @types/node) is what lets the compiler keep engine/ portable.

declare class TextDecoder {
  constructor(label?: string, options?: { fatal?: boolean; ignoreBOM?: boolean });
  decode(input?: ArrayBufferView | ArrayBuffer, options?: { stream?: boolean }): string;
}

declare class TextEncoder {
  encode(input?: string): Uint8Array;
}

declare const crypto: {
  readonly subtle: {
    digest(algorithm: "SHA-256", data: ArrayBufferView | ArrayBuffer): Promise<ArrayBuffer>;
  };
};

// Compression streams (gzip/deflate), used by the compact snapshot codec: only the parts it
// calls — write one chunk, read the chunks back.
interface PlatformStreamReader {
  read(): Promise<{ done: boolean; value?: Uint8Array }>;
  cancel(reason?: unknown): Promise<void>;
}
interface PlatformStreamWriter {
  write(chunk: Uint8Array): Promise<void>;
  close(): Promise<void>;
}
interface PlatformTransformStream {
  readonly readable: { getReader(): PlatformStreamReader };
  readonly writable: { getWriter(): PlatformStreamWriter };
}
declare class CompressionStream implements PlatformTransformStream {
  constructor(format: "gzip" | "deflate" | "deflate-raw");
  readonly readable: { getReader(): PlatformStreamReader };
  readonly writable: { getWriter(): PlatformStreamWriter };
}
declare class DecompressionStream implements PlatformTransformStream {
  constructor(format: "gzip" | "deflate" | "deflate-raw");
  readonly readable: { getReader(): PlatformStreamReader };
  readonly writable: { getWriter(): PlatformStreamWriter };
}

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

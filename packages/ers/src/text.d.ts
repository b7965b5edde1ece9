// The one host API the pure packages use beyond ECMAScript: UTF-8 encoding and decoding, present in
// every browser and in Node. Declared here so the pure packages compile without DOM or Node types.
declare class TextEncoder {
  encode(input?: string): Uint8Array;
}
declare class TextDecoder {
  constructor(label?: string, options?: { fatal?: boolean });
  decode(input?: Uint8Array): string;
}

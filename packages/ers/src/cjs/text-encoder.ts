/**
 * The `TextEncoder` of the CommonJS build: the host's when it has one, else a portable UTF-8
 * encoder. Jest's jsdom environment, the usual home of a CommonJS browser-ish test, has no global
 * `TextEncoder`; the build injects this module for the bare `TextEncoder` name (tsup `inject`), so
 * the sources keep using the standard API and the ESM build is unchanged.
 * Owns: UTF-8 encoding for hosts without `TextEncoder`. Must not: differ from `TextEncoder.encode`.
 */

/** UTF-8 exactly as `TextEncoder.encode` writes it: a lone surrogate becomes U+FFFD. */
class PortableTextEncoder {
  encode(input = ''): Uint8Array {
    const out: number[] = [];
    for (let i = 0; i < input.length; i++) {
      let c = input.charCodeAt(i);
      if (c >= 0xd800 && c <= 0xdfff) {
        const next = input.charCodeAt(i + 1);
        if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
          c = 0x10000 + ((c - 0xd800) << 10) + (next - 0xdc00);
          i++;
        } else {
          c = 0xfffd;
        }
      }
      if (c < 0x80) out.push(c);
      else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 0x3f));
      else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f));
      else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 0x3f), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f));
    }
    return Uint8Array.from(out);
  }
}

interface Utf8Encoder {
  encode(input?: string): Uint8Array;
}

const host = (globalThis as { TextEncoder?: new () => Utf8Encoder }).TextEncoder;

export { PortableTextEncoder };
export const TextEncoder: new () => Utf8Encoder = host ?? PortableTextEncoder;

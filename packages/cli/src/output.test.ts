import { describe, expect, it } from 'vitest';
import { jsonStringBytes } from './output.js';

describe('jsonStringBytes', () => {
  it('escapes as JSON.stringify does, and passes clean text through untouched', () => {
    const text = new TextEncoder().encode('plain digits 0123 é ✓');
    expect(jsonStringBytes(text)).toBe(text);
    for (let b = 0; b < 128; b++) {
      const piece = Uint8Array.of(0x31, b, 0x32);
      expect(new TextDecoder().decode(jsonStringBytes(piece)), `byte ${b}`).toBe(JSON.stringify(String.fromCharCode(0x31, b, 0x32)).slice(1, -1));
    }
  });
});

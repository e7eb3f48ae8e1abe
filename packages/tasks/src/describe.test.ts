import { describe, expect, it } from 'vitest';
import { describeValue, MAX_MESSAGE, messageOf } from './describe.js';

describe('describeValue', () => {
  it.each([
    [null, 'null'],
    [undefined, 'undefined'],
    ['abc', '"abc"'],
    ['x'.repeat(21), 'a string of 21 characters'],
    [5, 'number 5'],
    [Number.NaN, 'number NaN'],
    [10n, 'bigint 10'],
    [true, 'boolean true'],
    [Symbol('s'), 'a symbol'],
    [() => 1, 'a function'],
    [[1, 2], 'an array'],
    [new Uint8Array(2), 'a Uint8Array'],
    [new Float32Array(2), 'a typed array'],
    [Promise.resolve(1), 'a promise'],
    [{ a: 1 }, 'an object'],
  ])('%s is %s', (value, text) => {
    expect(describeValue(value)).toBe(text);
  });

  it('describes a revoked proxy without throwing', () => {
    const { proxy, revoke } = Proxy.revocable([], {});
    revoke();
    expect(describeValue(proxy)).toBe('an object');
  });
});

describe('messageOf', () => {
  it('gives an error its message, on one line', () => {
    expect(messageOf(new Error('boom'))).toBe('boom');
    expect(messageOf(new RangeError('first\n  second\r\nthird'))).toBe('first second third');
    expect(messageOf(new TypeError(''))).toBe('TypeError');
    expect(messageOf({ message: 'error-like' })).toBe('error-like');
  });

  it('describes what is not an error', () => {
    expect(messageOf(null)).toBe('null');
    expect(messageOf(undefined)).toBe('undefined');
    expect(messageOf('thrown string')).toBe('thrown string');
    expect(messageOf('')).toBe('an empty message');
    expect(messageOf(42)).toBe('number 42');
    expect(messageOf({ code: 1 })).toBe('an object');
    expect(messageOf(Object.create(null))).toBe('an object');
  });

  it('survives a message getter that throws and a revoked proxy', () => {
    const nasty = Object.defineProperty(new Error('hidden'), 'message', {
      get() {
        throw new Error('no');
      },
    });
    expect(messageOf(nasty)).toBe('an object');
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    expect(messageOf(proxy)).toBe('an object');
  });

  it('cuts a very long message', () => {
    const message = messageOf('x'.repeat(5000));
    expect(message).toHaveLength(MAX_MESSAGE);
    expect(message.endsWith('…')).toBe(true);
  });
});

import { describe, expect, it } from 'vitest';
import { ApiError } from '../http/errors';
import { readBody } from './body-limit';

/** A POST whose body arrives in `chunks`, declaring `length` when given. */
const post = (chunks: string[], length?: number) => {
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
      controller.close();
    },
  });
  const headers = length === undefined ? {} : { 'content-length': String(length) };
  return new Request('https://sandbox.test/', { method: 'POST', body, headers, duplex: 'half' } as RequestInit);
};

const refusal = async (reading: Promise<unknown>) => {
  const error = await reading.then(
    () => null,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(ApiError);
  return [(error as ApiError).name, (error as ApiError).message];
};

describe('readBody', () => {
  it('reads a body whole, and its length in bytes', async () => {
    expect(await readBody(post(['{"a":', '"é"}']), 100, 100)).toEqual({ text: '{"a":"é"}', bytes: 10 });
  });

  it('keeps only the first keepBytes bytes, decoding a character cut between chunks once', async () => {
    expect(await readBody(post(['abc', 'def', 'ghi']), 4, 100)).toEqual({ text: 'abcd', bytes: 9 });
    expect(await readBody(post(['abc', 'def']), 3, 100)).toEqual({ text: 'abc', bytes: 6 });
    expect(await readBody(post(['abc', 'def']), 0, 100)).toEqual({ text: '', bytes: 6 });
    const [e1, e2] = [...new TextEncoder().encode('é')];
    const split = new Request('https://sandbox.test/', {
      method: 'POST',
      body: new ReadableStream({
        start(controller) {
          controller.enqueue(new Uint8Array([e1 as number]));
          controller.enqueue(new Uint8Array([e2 as number]));
          controller.close();
        },
      }),
      duplex: 'half',
    } as RequestInit);
    expect(await readBody(split, 10, 100)).toEqual({ text: 'é', bytes: 2 });
  });

  it('reads an empty body and none alike', async () => {
    expect(await readBody(new Request('https://sandbox.test/'), 10, 100)).toEqual({ text: '', bytes: 0 });
    expect(await readBody(post([]), 10, 100)).toEqual({ text: '', bytes: 0 });
  });

  it('takes a body of exactly the limit, declared or counted', async () => {
    expect(await readBody(post(['12345', '67890'], 10), 100, 10)).toEqual({ text: '1234567890', bytes: 10 });
  });

  it('refuses with a 413 a body declared over the limit before reading it, and one that grows past it', async () => {
    const message = 'Request payload exceeds the 10485760 byte limit.';
    expect(await refusal(readBody(post(['x'], 11), 100, 10))).toEqual(['PayloadTooLargeException', message]);
    expect(await refusal(readBody(post(['123456', '78901']), 100, 10))).toEqual(['PayloadTooLargeException', message]);
  });
});

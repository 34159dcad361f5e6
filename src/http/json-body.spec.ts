// The one JSON-body reader on its own: what its message names for each kind of bad body, for
// Pinpoint's operations (the first problem) and for the admin API (every problem, once each).
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { Invalid } from '../invalid';
import { type BodyShape, parseJsonBody } from './json-body';

const Schema = v.strictObject({
  name: v.pipe(v.string('must be a string'), v.minLength(3, 'must be 3 characters or more'), v.regex(/^a/, 'must start with "a"')),
  size: v.optional(v.number('must be a number')),
  nested: v.optional(v.object({ inner: v.string('must be a string') })),
});
const Checked = v.pipe(
  v.object({ low: v.number(), high: v.number() }),
  v.check((body) => body.low <= body.high, 'low must not exceed high'),
);

const shape = (report: BodyShape['report']): BodyShape => ({
  name: 'Thing',
  notJson: 'not JSON',
  notObject: 'not an object',
  unknown: 'a thing member',
  report,
});
const read = (text: string, report: BodyShape['report'] = 'all') => parseJsonBody(text, Schema, shape(report));

describe('parseJsonBody', () => {
  it('gives the parsed value of a good body', () => {
    expect(read('{"name":"abc","size":2}')).toEqual({ name: 'abc', size: 2 });
  });

  it.each([
    ['{"name":', 'not JSON'],
    ['[]', 'not an object'],
    ['null', 'not an object'],
    ['"abc"', 'not an object'],
  ])('refuses %j whole', (text, message) => {
    expect(read(text)).toEqual(new Invalid(message));
  });

  it.each([
    ['{}', 'Invalid Thing: name is required.'],
    ['{"name":"abc","extra":1}', 'Invalid Thing: extra is not a thing member.'],
    ['{"name":"abc","nested":{"inner":1}}', 'Invalid Thing: nested.inner must be a string.'],
    ['{"name":"abc","nested":{}}', 'Invalid Thing: nested.inner is required.'],
    // two problems with one member: it is named once, for its first
    ['{"name":"b"}', 'Invalid Thing: name must be 3 characters or more.'],
    ['{"name":1,"size":"x","extra":true}', 'Invalid Thing: name must be a string; size must be a number; extra is not a thing member.'],
  ])('names every bad member of %j once, in order', (text, message) => {
    expect(read(text)).toEqual(new Invalid(message));
  });

  it('names only the first bad member when reporting the first', () => {
    expect(read('{"name":1,"size":"x"}', 'first')).toEqual(new Invalid('Invalid Thing: name must be a string.'));
  });

  it('names the body itself for a problem of no one member', () => {
    expect(parseJsonBody('{"low":2,"high":1}', Checked, shape('all'))).toEqual(
      new Invalid('Invalid Thing: (body) low must not exceed high.'),
    );
  });
});

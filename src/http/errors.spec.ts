import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { Invalid } from '../invalid';
import { GatewayErrorSchema, MessageBodySchema } from './error-bodies';
import { ApiError, badRequest, ERROR_CATALOGUE, ERROR_NAMES, ERROR_STATUSES, findError, orBadRequest } from './errors';

describe('the error catalogue', () => {
  it('lists its statuses in order for messages', () => {
    expect(ERROR_STATUSES).toBe('400, 403, 404, 405, 413, 429, 500, 502, 503, 504');
  });

  it.each(ERROR_NAMES)('finds %s by its status and by its name in any case', (name) => {
    expect(findError(String(ERROR_CATALOGUE[name].status))).toBe(name);
    expect(findError(name)).toBe(name);
    expect(findError(name.toUpperCase())).toBe(name);
  });

  it.each(['200', '4040', ' 404', '404 ', 'x404', 'NotFound', ''])('finds nothing for %j', (text) => {
    expect(findError(text)).toBeUndefined();
  });
});

describe('ApiError', () => {
  it('renders a Pinpoint error as a MessageBody with the request id, its type in x-amzn-ErrorType', () => {
    const error = new ApiError('TooManyRequestsException', 'Rate exceeded', { headers: { 'Retry-After': '60' }, applied: ['error=429'] });
    expect(error.reply('rid')).toEqual({
      status: 429,
      body: '{"RequestID":"rid","Message":"Rate exceeded"}',
      headers: { 'content-type': 'application/json', 'x-amzn-ErrorType': 'TooManyRequestsException', 'Retry-After': '60' },
      applied: ['error=429'],
    });
  });

  it('renders an API Gateway error as {"message": …}, with the catalogue’s message by default', () => {
    const reply = new ApiError('ServiceUnavailableException').reply('rid');
    expect(reply).toEqual({
      status: 503,
      body: '{"message":"Service Unavailable"}',
      headers: { 'content-type': 'application/json', 'x-amzn-ErrorType': 'ServiceUnavailableException' },
      applied: undefined,
    });
  });

  it('puts what the harness did first ahead of what the error says was applied, and is itself when nothing was', () => {
    const error = new ApiError('NotFoundException', 'gone', { applied: ['b'], headers: { x: '1' } });
    expect(error.after([])).toBe(error);
    const later = error.after(['a']);
    expect([later.name, later.message, later.options]).toEqual(['NotFoundException', 'gone', { applied: ['a', 'b'], headers: { x: '1' } }]);
    expect(new ApiError('NotFoundException').after(['a']).options.applied).toEqual(['a']);
  });

  it('is a 400 BadRequestException for what a parser found wrong', () => {
    const error = badRequest('Invalid page-size', ['delay=1ms']);
    expect(error).toBeInstanceOf(ApiError);
    expect(error.reply('rid')).toMatchObject({
      status: 400,
      body: '{"RequestID":"rid","Message":"Invalid page-size"}',
      applied: ['delay=1ms'],
    });
  });

  it.each(ERROR_NAMES)('renders %s in the wire shape its schema gives, and only that', (name) => {
    const body = JSON.parse(String(new ApiError(name).reply('rid').body)) as unknown;
    const [own, other] = ERROR_CATALOGUE[name].gateway ? [GatewayErrorSchema, MessageBodySchema] : [MessageBodySchema, GatewayErrorSchema];
    expect(v.is(own, body)).toBe(true);
    expect(v.is(other, body)).toBe(false);
    expect(v.is(own, { ...(body as object), Extra: 1 })).toBe(false);
  });

  it('passes a parsed value through, and throws the 400 naming what a parser found invalid', () => {
    const value = { page: 2 };
    expect(orBadRequest(value)).toBe(value);
    expect(orBadRequest(null)).toBeNull();
    const thrown = (() => {
      try {
        orBadRequest(new Invalid('Invalid page-size'));
      } catch (error) {
        return error;
      }
    })();
    expect(thrown).toBeInstanceOf(ApiError);
    expect((thrown as ApiError).reply('rid')).toMatchObject({ status: 400, body: '{"RequestID":"rid","Message":"Invalid page-size"}' });
  });
});

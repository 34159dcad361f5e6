// What a route's handler is given: one object per request, made by the router once the path
// has matched and its labels have been checked.
import type { Env } from '../env';
import type { Reply } from '../http/reply';
import type { Runtime } from '../runtime';
import type { Labels } from './paths';

export interface Call {
  request: Request;
  env: Env;
  ctx: ExecutionContext;
  runtime: Runtime;
  requestId: string;
  labels: Labels; // the path's labels, decoded and checked
  body: string; // the request body's text, for the methods that take one
}

export type Handler = (call: Call) => Promise<Reply> | Reply;

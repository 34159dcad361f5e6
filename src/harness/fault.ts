// Broken 200 bodies for x-mock-fault, to exercise a client's parsing errors.
import type { Fault } from './parse';

const BREAK: Record<Fault, (json: string) => string> = {
  'empty-body': () => '',
  'malformed-json': (json) => json.replace('"', "'"), // `{'ApplicationId": …`: no JSON parser accepts it
  'truncated-json': (json) => json.slice(0, Math.floor(json.length / 2)),
};

export const breakBody = (json: string, fault: Fault): string => BREAK[fault](json);

import { expect, it } from 'vitest';
import { breakBody } from './fault';

it.each(['empty-body', 'malformed-json', 'truncated-json'] as const)('%s breaks a JSON body so that no parser accepts it', (fault) => {
  const json = JSON.stringify({ ApplicationId: 'app', Id: 'job', TotalPieces: 10 });
  const broken = breakBody(json, fault);
  expect(() => JSON.parse(broken)).toThrow();
  const expected = {
    'empty-body': '',
    'malformed-json': `{'ApplicationId":"app","Id":"job","TotalPieces":10}`,
    'truncated-json': json.slice(0, 25),
  };
  expect(broken).toBe(expected[fault]);
});

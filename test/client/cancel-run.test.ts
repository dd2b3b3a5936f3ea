/**
 * `RunStream.stop()`'s cancel goes through the client's one transport: the
 * client's headers and a trace id are sent, a cross-origin redirect is not
 * followed, a URL with credentials sends nothing; it never throws.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { cancelRun } from '../../src/client/cancel-run.js';
import { loopbackServers } from '../helpers/loopback.js';

const listen = loopbackServers();

interface Seen {
  method: string | undefined;
  url: string | undefined;
  key: string | undefined;
  traceId: string | undefined;
  body: string;
}

function recorder(seen: Seen[], answer: (res: ServerResponse) => void = (res) => res.end('{}')) {
  return (req: IncomingMessage, res: ServerResponse) => {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => {
      seen.push({
        method: req.method,
        url: req.url,
        key: req.headers['x-api-key'] as string | undefined,
        traceId: req.headers['x-trace-id'] as string | undefined,
        body,
      });
      answer(res);
    });
  };
}

describe('cancelRun (RunStream.stop)', () => {
  it("POSTs to the run's cancel path with the client's headers and a trace id, and no body", async () => {
    const seen: Seen[] = [];
    const url = await listen(recorder(seen));
    await cancelRun({ baseUrl: url, headers: { 'X-API-Key': 'k1' } }, { traceId: 'trace-stop' }, 'run/1');
    expect(seen).toEqual([
      { method: 'POST', url: '/api/v1/runs/run%2F1/cancel', key: 'k1', traceId: 'trace-stop', body: '' },
    ]);
  });

  it('does not follow a cross-origin redirect, and never throws', async () => {
    const elsewhere: Seen[] = [];
    const other = await listen(recorder(elsewhere));
    const url = await listen((_req, res) => {
      res.writeHead(307, { location: `${other}/steal` });
      res.end();
    });
    await expect(
      cancelRun({ baseUrl: url, headers: { 'X-API-Key': 'secret' } }, undefined, 'r1'),
    ).resolves.toBeUndefined();
    expect(elsewhere).toEqual([]);
  });

  it('sends nothing when the URL carries credentials', async () => {
    const seen: Seen[] = [];
    const url = await listen(recorder(seen));
    await cancelRun({ baseUrl: url.replace('http://', 'http://user:pw@') }, undefined, 'r1');
    expect(seen).toEqual([]);
  });
});

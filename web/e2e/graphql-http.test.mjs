// GraphQL over HTTP: the audits of `graphql-http` (the reference implementation of the
// GraphQL-over-HTTP specification) against the running server, as an anonymous client. Every
// audit — MUST, SHOULD and MAY — has to pass: a client written against the specification
// (or a gateway in front of us) gets what it expects, including
// `application/graphql-response+json` with 400 and no `data` for requests that never ran.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { auditServer } from 'graphql-http';

const BASE_URL = process.env.BASE_URL;

test('every GraphQL-over-HTTP audit passes', async () => {
  assert.ok(BASE_URL, 'BASE_URL is not set: run the browser tests through make test');
  const results = await auditServer({ url: `${BASE_URL}/graphql` });
  const failed = [];
  for (const r of results) {
    if (r.status !== 'ok') {
      const detail = r.response ? ` (${r.response.status} ${r.reason})` : ` (${r.reason})`;
      failed.push(`${r.id} ${r.name}${detail}`);
    }
  }
  console.log(`graphql-http audits: ${results.length - failed.length} of ${results.length} pass`);
  assert.deepEqual(failed, [], `audits not passed:\n${failed.join('\n')}`);
});

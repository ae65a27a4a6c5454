// PostGraphile 4 in library mode on the bench's database: the comparison `make bench` draws
// beside Poortwachter's own case list (tests/benches/scale.rs starts it, loads it with the same
// client and reports both).
//
// It serves the tables as PostGraphile infers them, read-only, and each request runs as the
// tenant role with the tenant named in `poortwachter.tenant_id` — the same row-level security
// (migration 11) Poortwachter's own requests run under, so both see one tenant's rows through
// the same policies. The tenant comes from the `x-tenant` header: the bench has no login for
// PostGraphile, and the header stands in for what a JWT would carry.
//
// Environment: PORT (required), DATABASE_URL (required), SCHEMA (public), POOL_SIZE (16, the
// size of Poortwachter's own pool, so neither side gets more connections).

import http from 'node:http';
import pg from 'pg';
import { postgraphile } from 'postgraphile';

const PORT = Number(process.env.PORT || 0);
const DATABASE_URL = process.env.DATABASE_URL;
const SCHEMA = process.env.SCHEMA || 'public';
const POOL_SIZE = Number(process.env.POOL_SIZE || 16);
if (!Number.isInteger(PORT) || PORT <= 0 || PORT > 65535 || !DATABASE_URL) {
  console.error('set PORT to the port to listen on and DATABASE_URL to the database');
  process.exit(2);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const pool = new pg.Pool({ connectionString: DATABASE_URL, max: POOL_SIZE });

const middleware = postgraphile(pool, SCHEMA, {
  // Every request: `SET LOCAL role` and the tenant setting in its own transaction.
  pgSettings: (req) => ({
    role: 'poortwachter_tenant',
    'poortwachter.tenant_id': req.headers['x-tenant'],
  }),
  graphqlRoute: '/graphql',
  // Production-ish, as PostGraphile's docs recommend for a deployed server.
  graphiql: false,
  watchPg: false,
  disableQueryLog: true,
  retryOnInitFail: false,
  enableQueryBatching: false,
  dynamicJson: true,
  setofFunctionsContainNulls: false,
  ignoreRBAC: false,
  extendedErrors: ['errcode'],
  showErrorStack: false,
  legacyRelations: 'omit',
  // The comparison is a read; mutations would only make the schema larger.
  disableDefaultMutations: true,
});

function send(res, status, value) {
  const body = JSON.stringify(value);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
  });
  res.end(body);
}

function refuse(res, status, message) {
  send(res, status, { errors: [{ message }] });
}

const server = http.createServer((req, res) => {
  const path = (req.url || '').split('?')[0];
  if (path === '/readyz') {
    // Ready once the schema is introspected and built, so the bench's first timed request does
    // not pay for it.
    middleware.getGraphQLSchema().then(
      () => send(res, 200, { ready: true }),
      (e) => refuse(res, 503, String(e && e.message)),
    );
    return;
  }
  if (path !== '/graphql') {
    refuse(res, 404, 'not found');
    return;
  }
  // Without a tenant the policies would show nothing at all; refuse instead of answering an
  // empty page that looks like a fast one.
  const tenant = req.headers['x-tenant'];
  if (typeof tenant !== 'string' || !UUID.test(tenant)) {
    refuse(res, 401, 'an x-tenant header with the tenant id is required');
    return;
  }
  middleware(req, res);
});

// The bench's clients keep their connections for a whole load step.
server.keepAliveTimeout = 60_000;
server.listen(PORT, '127.0.0.1', () => {
  console.log(`PostGraphile on http://127.0.0.1:${PORT}/graphql`);
});

for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => {
    server.close();
    pool.end().finally(() => process.exit(0));
  });
}

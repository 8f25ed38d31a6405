// A minimal Instance Manager stand-in for the separate-process benchmarks (`-- remote`): every tenant exists and
// is ready; GET /managed_instances/svc/{tenant} answers its instance, GET /managed_instances/svc a pre-rendered list
// of LIST_SIZE instances. Prints "listening <port>" once it accepts connections.
'use strict';
const http = require('node:http');

const listSize = Number(process.env.LIST_SIZE || 20000);
const prefix = '/managed_instances/svc';

function instance(tenant, index) {
  return {
    id: `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`,
    tenant_id: tenant,
    managed_service_id: '4f38aaaa-0000-0000-0000-000000000001',
    managed_plan_id: '2c1b0000-0000-0000-0000-000000000002',
    status: 'CREATION_SUCCEEDED',
    credentials: {
      host: 'hana.example.com',
      port: '30015',
      schema: `SCHEMA_${index}`,
      user: `USER_${index}_RT`,
      password: `Pw${String(index).padStart(32, '0')}`,
      hdi_user: `HDI_${index}_DT`,
      hdi_password: `Pw${String(index).padStart(32, '1')}`,
      url: `jdbc:sap://hana.example.com:30015/?currentschema=SCHEMA_${index}`,
      driver: 'com.sap.db.jdbc.Driver',
    },
    created_on: '2026-11-23T10:00:00Z',
    updated_on: '2026-11-23T10:00:01Z',
  };
}

const list = Buffer.from(JSON.stringify(Array.from({ length: listSize }, (_, index) => instance(`tenant-${String(index).padStart(6, '0')}`, index))));

const server = http.createServer((request, response) => {
  if (request.method !== 'GET' || !request.url.startsWith(prefix)) {
    response.writeHead(404).end();
    return;
  }

  if (request.url.length === prefix.length) {
    response.writeHead(200, { 'content-type': 'application/json', 'content-length': list.length }).end(list);
    return;
  }

  const tenant = decodeURIComponent(request.url.slice(prefix.length + 1));
  const body = Buffer.from(JSON.stringify(instance(tenant, tenant.length)));
  response.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length }).end(body);
});
server.keepAliveTimeout = 60000;
server.listen(0, '127.0.0.1', () => console.log(`listening ${server.address().port}`));

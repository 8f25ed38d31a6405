// End to end through a broker built on @sap/sbf: registers the broker with the emulated Service Manager
// (POST /v1/service_brokers), then the official Node.js client (@sap/instance-manager, SM mode) and this repository's
// .NET client (tests/interop/dotnet/InteropClient) create, share, find and delete per-tenant instances of the broker's
// offering; finally a broker fault becomes a clear failed operation for both clients. The broker's own request counts
// are asserted per tenant. Environment: EMULATOR, BROKER, BROKER_USER, BROKER_PASSWORD, VCAP_SERVICES (the emulator's
// document), DOTNET_CLIENT. Exits non-zero at the first mismatch; credentials are compared by digest, never printed.
const { promisify } = require('util');
const assert = require('assert/strict');
const { check, checkCount, digest, dotnetClient } = require('../interop/node/harness');
const create = promisify(require('@sap/instance-manager').create);

const SERVICE = 'tenant-db';
const PLAN = 'standard';
const emulator = process.env.EMULATOR;
const brokerUrl = process.env.BROKER;
const vcap = JSON.parse(process.env.VCAP_SERVICES);
const credentials = Object.assign({}, vcap['service-manager'][0].credentials, { service: SERVICE, plan: PLAN });
vcap['service-manager'][0].credentials = credentials;
const dotnetEnv = Object.assign({}, process.env, { VCAP_SERVICES: JSON.stringify(vcap) });
const tenantA = 'sbf-tenant-a';
const tenantB = 'sbf-tenant-b';
const failingNode = 'fail-tenant-c';
const failingDotnet = 'fail-tenant-d';
function describe(instance) {
  return instance ? { tenant_id: instance.tenant_id, status: instance.status, credentials_digest: digest(instance.credentials) } : null;
}

const dotnet = dotnetClient(dotnetEnv);

function dotnetDescribe(result) {
  return result.found ? { tenant_id: result.tenant_id, status: result.status, credentials_digest: result.credentials_digest } : null;
}

async function token() {
  const response = await fetch(credentials.url + '/oauth/token', {
    method: 'POST',
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: credentials.clientid, client_secret: credentials.clientsecret })
  });
  return (await response.json()).access_token;
}

async function sm(method, path, body) {
  const response = await fetch(credentials.sm_url + path, {
    method,
    headers: Object.assign({ Authorization: 'Bearer ' + await token() }, body ? { 'Content-Type': 'application/json' } : {}),
    body: body ? JSON.stringify(body) : undefined
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

async function brokerRequests() {
  return (await fetch(brokerUrl + '/test/requests')).json();
}

function counts(requests, tenant) {
  const seen = requests[tenant] || {};
  return { provision: seen.provision || 0, bind: seen.bind || 0, unbind: seen.unbind || 0, deprovision: seen.deprovision || 0 };
}

(async () => {
  console.log('1. register the sbf broker with the emulated Service Manager');
  const registered = await sm('POST', '/v1/service_brokers', {
    name: 'sbf-tenant-db',
    broker_url: brokerUrl,
    credentials: { basic: { username: process.env.BROKER_USER, password: process.env.BROKER_PASSWORD } }
  });
  check('POST /v1/service_brokers answers 201', registered.status, 201);
  const offerings = await sm('GET', `/v1/service_offerings?fieldQuery=${encodeURIComponent(`catalog_name eq '${SERVICE}'`)}`);
  check('the broker\'s service is an offering with its catalog id and the broker\'s id', offerings.body.items.map(o => [o.name, o.catalog_id, o.broker_id]), [[SERVICE, '6f1c1a4e-1f0b-4c59-9a51-3d0c2b7e8a10', registered.body.id]]);
  const plans = await sm('GET', `/v1/service_plans?fieldQuery=${encodeURIComponent(`catalog_name eq '${PLAN}' and service_offering_id eq '${offerings.body.items[0].id}'`)}`);
  check('its plan is a plan with its catalog id', plans.body.items.map(p => [p.name, p.catalog_id]), [[PLAN, 'b1b7a0c2-5d8e-4f3a-8c61-7e2f9d4a6b21']]);

  console.log(`2. Node creates tenant A; .NET finds it and creates tenant B; Node finds B (service ${SERVICE}, plan ${PLAN})`);
  const node = await create(Object.assign({}, credentials, { polling_interval_millis: 200 }));
  const call = (name, ...args) => promisify(node[name].bind(node))(...args);
  const createdA = await call('create', tenantA);
  check('Node create A: CREATION_SUCCEEDED', [createdA.tenant_id, createdA.status], [tenantA, 'CREATION_SUCCEEDED']);
  check('Node create A: the credentials are the broker\'s (its onBind hook)', [createdA.credentials.tenant, /^SBF_/.test(createdA.credentials.schema)], [tenantA, true]);
  check('.NET get A equals Node create A', dotnetDescribe(dotnet('get', tenantA)), describe(createdA));
  const createdB = dotnetDescribe(dotnet('create', tenantB));
  check('.NET create B: CREATION_SUCCEEDED', [createdB.tenant_id, createdB.status], [tenantB, 'CREATION_SUCCEEDED']);
  const nodeB = await call('get', tenantB);
  check('Node get B equals .NET create B', describe(nodeB), createdB);
  check('Node get B: the credentials are the broker\'s', nodeB.credentials.tenant, tenantB);
  check('Node getAll is {A, B}', (await call('getAll')).map(i => i.tenant_id).sort(), [tenantA, tenantB]);
  check('.NET getall is {A, B}', dotnet('getall').instances.map(i => i.tenant_id).sort(), [tenantA, tenantB]);

  console.log('3. Node deletes B, .NET deletes A');
  await call('delete', tenantB);
  dotnet('delete', tenantA);
  check('Node getAll after both deletions is empty', await call('getAll'), []);
  check('.NET get A after deletion is not found', dotnet('get', tenantA).found, false);
  const requests = await brokerRequests();
  for (const tenant of [tenantA, tenantB]) {
    check(`broker saw for ${tenant}: one provision, one bind, one unbind, one deprovision`, counts(requests, tenant), { provision: 1, bind: 1, unbind: 1, deprovision: 1 });
    check(`broker was polled for ${tenant} until its provisioning succeeded (2 last_operation calls)`, requests[tenant].last_operation, 2);
  }

  console.log('4. a broker fault becomes a failed operation with the broker\'s description');
  let nodeError;
  try { await call('create', failingNode); } catch (e) { nodeError = e; }
  check('Node create of a refused tenant fails, naming the broker\'s reason', [Boolean(nodeError), /no capacity left for tenant fail-tenant-c/.test(String(nodeError && nodeError.message))], [true, true]);
  const dotnetError = dotnet('--expect-failure', 'create', failingDotnet);
  check('.NET create of a refused tenant fails, naming the broker\'s reason', /no capacity left for tenant fail-tenant-d/.test(dotnetError.error), true);
  const afterFaults = await brokerRequests();
  for (const tenant of [failingNode, failingDotnet]) {
    check(`broker saw one provision of ${tenant} and no bind`, [counts(afterFaults, tenant).provision, counts(afterFaults, tenant).bind], [1, 0]);
  }

  console.log('5. clean up: failed instances deleted through the Service Manager, then the broker unregistered');
  const leftovers = await sm('GET', `/v1/service_instances?labelQuery=${encodeURIComponent(`tenant_id in ('${failingNode}','${failingDotnet}')`)}`);
  for (const instance of leftovers.body.items) {
    check(`DELETE failed instance ${instance.id} answers 200`, (await sm('DELETE', `/v1/service_instances/${instance.id}`)).status, 200);
  }
  check('DELETE /v1/service_brokers/<id> answers 200', (await sm('DELETE', `/v1/service_brokers/${registered.body.id}`)).status, 200);
  check('the broker\'s offering is gone', (await sm('GET', `/v1/service_offerings?fieldQuery=${encodeURIComponent(`catalog_name eq '${SERVICE}'`)}`)).body.num_items, 0);
  console.log(`PASSED: ${checkCount()} checks`);
})().catch(e => { console.error('FAILED:', e.message); process.exit(1); });

// Service Manager interoperability, both directions, between the official Node.js client (@sap/instance-manager,
// SM mode) and this repository's .NET client (tests/interop/dotnet/InteropClient), against the stand-alone emulator.
// Environment: VCAP_SERVICES (the emulator's document), EMULATOR (its root URL), DOTNET_CLIENT (the command that runs
// the .NET client). Exits non-zero at the first mismatch. Credential values are compared by digest, never printed.
const { promisify } = require('util');
const crypto = require('crypto');
const assert = require('assert/strict');
const { check, checkCount, digest, dotnetClient } = require('./harness');
const create = promisify(require('@sap/instance-manager').create);

const vcap = JSON.parse(process.env.VCAP_SERVICES);
const credentials = vcap['service-manager'][0].credentials;
const emulator = process.env.EMULATOR;
const tenantA = process.argv[2] || 'node tenant/A';
const tenantB = process.argv[3] || 'dotnet-tenant.B';
function describe(instance) {
  return instance ? { tenant_id: instance.tenant_id, status: instance.status, label: instance.label, plan: instance.plan, tags: instance.tags, credentials_digest: digest(instance.credentials) } : null;
}

const dotnet = dotnetClient(process.env);

function dotnetDescribe(result) {
  return result.found ? { tenant_id: result.tenant_id, status: result.status, label: result.label, plan: result.plan, tags: result.tags, credentials_digest: result.credentials_digest } : null;
}

async function admin(path) {
  const response = await fetch(emulator + '/emulator/' + path);
  assert.equal(response.status, 200, `GET /emulator/${path}`);
  return response.json();
}

async function planId() {
  const token = await (await fetch(credentials.url + '/oauth/token', {
    method: 'POST',
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: credentials.clientid, client_secret: credentials.clientsecret }),
  })).json();
  const query = encodeURIComponent("catalog_name eq 'hdi-shared'");
  const plans = await (await fetch(`${credentials.sm_url}/v1/service_plans?fieldQuery=${query}`, { headers: { Authorization: 'Bearer ' + token.access_token } })).json();
  return plans.items[0].id;
}

// What the tenant's instance and binding must look like whoever created them (the reference's names and labels).
async function checkResources(tenant, plan, createdBy) {
  const name = crypto.createHash('sha256').update(plan + '_' + tenant).digest('base64');
  const instances = (await admin('service-manager/instances')).filter(instance => instance.labels.tenant_id && instance.labels.tenant_id[0] === tenant);
  check(`${createdBy}: one instance for '${tenant}'`, instances.length, 1);
  check(`${createdBy}: instance name is base64(sha256(planId_tenant))`, instances[0].name, name);
  check(`${createdBy}: instance labels`, instances[0].labels, { tenant_id: [tenant] });
  check(`${createdBy}: instance plan and readiness`, [instances[0].service_plan_id, instances[0].ready], [plan, true]);
  const bindings = (await admin('service-manager/bindings')).filter(binding => binding.service_instance_id === instances[0].id);
  check(`${createdBy}: one binding of that instance`, bindings.length, 1);
  check(`${createdBy}: binding labels`, bindings[0].labels, { tenant_id: [tenant], service_plan_id: [plan], managing_client_lib: ['instance-manager-client-lib'] });
  check(`${createdBy}: binding ready with credentials`, [bindings[0].ready, typeof bindings[0].credentials], [true, 'object']);
  return { instances, bindings };
}

(async () => {
  const plan = await planId();
  console.log(`plan hdi-shared: ${plan}; tenants '${tenantA}' (created by Node) and '${tenantB}' (created by .NET)`);

  console.log('1. Node creates, gets and lists tenant A');
  const node = await create(Object.assign({}, credentials, { polling_interval_millis: 200 }));
  const call = (name, ...args) => promisify(node[name].bind(node))(...args);
  const createdA = describe(await call('create', tenantA, { provisioning_parameters: { from: 'node' } }));
  check('Node create A: CREATION_SUCCEEDED with credentials', [createdA.tenant_id, createdA.status, createdA.credentials_digest !== null], [tenantA, 'CREATION_SUCCEEDED', true]);
  check('Node create A: label, plan and offering tags', [createdA.label, createdA.plan, createdA.tags], ['hana', 'hdi-shared', ['hana', 'database', 'relational']]);
  check('Node get A equals create A', describe(await call('get', tenantA)), createdA);
  check('Node getAll is [A]', (await call('getAll')).map(describe), [createdA]);
  const resourcesA = await checkResources(tenantA, plan, 'Node');
  const parameters = await (await fetch(emulator + '/emulator/service-manager/instances')).json();
  check('Node: provisioning parameters reached the instance', parameters.find(instance => instance.id === resourcesA.instances[0].id).parameters, { from: 'node' });

  console.log('2. .NET finds tenant A and creates tenant B');
  check('.NET get A equals Node create A', dotnetDescribe(dotnet('get', tenantA)), createdA);
  check('.NET getall is [A]', dotnet('getall').instances.map(dotnetDescribe), [createdA]);
  check('.NET get A used the existing binding (no new binding)', (await admin('service-manager/bindings')).length, 1);
  const createdB = dotnetDescribe(dotnet('create', tenantB));
  check('.NET create B: CREATION_SUCCEEDED with credentials', [createdB.tenant_id, createdB.status, createdB.credentials_digest !== null], [tenantB, 'CREATION_SUCCEEDED', true]);
  check('.NET create B: same label, plan and tags as Node', [createdB.label, createdB.plan, createdB.tags], [createdA.label, createdA.plan, createdA.tags]);
  await checkResources(tenantB, plan, '.NET');

  console.log('3. Node finds tenant B and deletes it; .NET deletes tenant A; both see the deletions');
  check('Node get B equals .NET create B', describe(await call('get', tenantB)), createdB);
  check('Node getAll is {A, B}', (await call('getAll')).map(describe).sort((x, y) => x.tenant_id.localeCompare(y.tenant_id)), [createdA, createdB].sort((x, y) => x.tenant_id.localeCompare(y.tenant_id)));
  await call('delete', tenantB);
  check('Node get B after Node delete B is null', await call('get', tenantB), null);
  check('.NET get B after Node delete B is not found', dotnet('get', tenantB).found, false);
  dotnet('delete', tenantA);
  check('.NET get A after .NET delete A is not found', dotnet('get', tenantA).found, false);
  check('.NET getall after both deletions is empty', dotnet('getall').instances, []);
  check('Node getAll after .NET delete A is empty', await call('getAll'), []);
  check('Node get A after .NET delete A is null', await call('get', tenantA), null);
  let deleteError;
  try { await call('delete', tenantA); } catch (e) { deleteError = e; }
  check('Node delete of the deleted A fails with 404', deleteError && deleteError.statusCode, 404);
  const leftover = dotnet('--expect-failure', 'delete', tenantB);
  check('.NET delete of the deleted B fails with 404', leftover.status, 404);
  check('no Service Manager instances or bindings remain', [(await admin('service-manager/instances')).length, (await admin('service-manager/bindings')).length], [0, 0]);
  console.log(`PASSED: ${checkCount()} checks`);
})().catch(e => { console.error('FAILED:', e.message); process.exit(1); });

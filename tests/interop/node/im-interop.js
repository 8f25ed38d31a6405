// Runs the official Node.js client against the emulator: create, get (cache), getAll, delete.
const { promisify } = require('util');
const create = promisify(require('@sap/instance-manager').create);
const vcap = JSON.parse(process.env.VCAP_SERVICES);
const credentials = vcap['managed-hana'][0].credentials;
(async () => {
  const im = await create(Object.assign({}, credentials, { polling_interval_millis: 300 }));
  const call = (name, ...args) => promisify(im[name].bind(im))(...args);
  const tenant = process.argv[2] || 'node-tenant';
  const created = await call('create', tenant, { provisioning_parameters: { from: 'node' } });
  console.log('create', created.tenant_id, created.status, created.credentials.schema);
  const got = await call('get', tenant);
  console.log('get', got.tenant_id, got.status);
  const all = await call('getAll');
  console.log('getAll', all.map(i => `${i.tenant_id}:${i.status}`).join(','));
  const other = await call('get', process.argv[3] || 'dotnet-tenant');
  console.log('get other', other ? `${other.tenant_id}:${other.status}` : 'null');
  await call('delete', tenant);
  console.log('delete ok; get after delete:', await call('get', tenant));
  try { await call('create', process.argv[3] || 'dotnet-tenant'); } catch (e) { console.log('duplicate create error status', e.statusCode, e.message); }
})().catch(e => { console.error('FAILED', e.statusCode, e.message); process.exit(1); });

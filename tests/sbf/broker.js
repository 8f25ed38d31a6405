// A broker built on @sap/sbf for the end-to-end check (run.sh): per-tenant instances whose provisioning is
// asynchronous (the first last_operation poll answers "in progress", the second "succeeded"), synchronous bindings
// whose credentials the onBind hook derives from the tenant, and a tenant prefix "fail-" whose provisioning the broker
// refuses with 503. It counts what it was asked, per tenant (GET /test/requests, without authentication, on the same
// port). Environment: PORT, SBF_BROKER_CREDENTIALS, SBF_CATALOG_FILE, SBF_ENABLE_AUDITLOG=false.
const crypto = require('crypto');
const express = require('express');
const Broker = require('@sap/sbf');

const instances = new Map(); // instance id -> { tenant, polls }
const requests = {}; // tenant -> { provision, last_operation, bind, unbind, deprovision }

function tenantOf(params) {
  const known = instances.get(params.instance_id);
  return known ? known.tenant : (params.context && params.context.tenant_id) || params.instance_id;
}

function count(tenant, what) {
  requests[tenant] = requests[tenant] || { provision: 0, last_operation: 0, bind: 0, unbind: 0, deprovision: 0 };
  requests[tenant][what]++;
}

const broker = new Broker({
  autoCredentials: false,
  hooks: {
    onProvision: (params, callback) => {
      const tenant = tenantOf(params);
      count(tenant, 'provision');
      if (params.accepts_incomplete !== 'true') {
        const error = new Error('This broker provisions asynchronously only');
        error.statusCode = 422;
        return callback(error);
      }
      if (tenant.startsWith('fail-')) {
        const error = new Error(`no capacity left for tenant ${tenant}`);
        error.statusCode = 503;
        return callback(error);
      }
      instances.set(params.instance_id, { tenant, polls: 0 });
      callback(null, { async: true, operation: 'provision-' + params.instance_id });
    },
    onLastOperation: (params, callback) => {
      const instance = instances.get(params.instance_id);
      count(tenantOf(params), 'last_operation');
      if (!instance) return callback(null, { state: 'failed', description: 'unknown instance' });
      instance.polls++;
      callback(null, instance.polls >= 2
        ? { state: 'succeeded', description: 'schema ready' }
        : { state: 'in progress', description: 'creating the schema' });
    },
    onBind: (params, callback) => {
      const tenant = tenantOf(params);
      count(tenant, 'bind');
      const digest = crypto.createHash('sha256').update('sbf-e2e:' + params.instance_id).digest('hex');
      callback(null, {
        credentials: {
          tenant,
          schema: 'SBF_' + digest.slice(0, 12).toUpperCase(),
          user: 'user_' + digest.slice(12, 20),
          password: 'pw-' + digest.slice(20, 44),
          url: 'sbf-db://127.0.0.1/' + digest.slice(0, 12)
        }
      });
    },
    onUnbind: (params, callback) => {
      count(tenantOf(params), 'unbind');
      callback();
    },
    onDeprovision: (params, callback) => {
      count(tenantOf(params), 'deprovision');
      instances.delete(params.instance_id);
      callback();
    }
  }
});

const app = express();
app.get('/test/requests', (req, res) => res.json(requests));
app.use(broker.app);
const server = app.listen(Number(process.env.PORT), '127.0.0.1', () => console.log(`sbf broker listening on 127.0.0.1:${process.env.PORT}`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));

// Writes the osb-checker configuration for the emulator's own broker, from its description (GET /emulator/osb) in
// the environment variable OSB: a lifecycle over two plans of one offering (provision, update to the other plan,
// bind, unbind, deprovision; instance operations asynchronous, bindings synchronous) and both conflict cases.
const broker = JSON.parse(process.env.OSB);
const [first, second] = broker.plan_ids;
if (!second) throw new Error('the broker describes fewer than two plans');
const config = {
  url: broker.url,
  apiVersion: '2.13',
  user: broker.username,
  password: broker.password,
  authentication: 'basic',
  pollingInterval: 1,
  maxPollingNum: 30,
  cases: [{
    name: `emulator broker, ${broker.service_name}: ${broker.plan_names[0]} then ${broker.plan_names[1]}`,
    service_id: broker.service_id,
    organization_guid: 'org-guid-here',
    space_guid: 'space-guid-here',
    lifecycle: [
      { operation: 'provision', plan_id: first, async: true, parameters: { 'billing-account': 'fake-account' } },
      { operation: 'update', plan_id: second, async: true, parameters: { parameter1: 1, parameter2: 'foo' } },
      { operation: 'bind', parameters: { p1: 1, p2: 'v2' } },
      { operation: 'unbind' },
      { operation: 'deprovision', async: true }
    ]
  }],
  conflictiveProvision: { service_id: broker.service_id, plan_id: second, async: true, parameters: { 'billing-account': 'other-account' } },
  conflictiveBind: { service_id: broker.service_id, plan_id: first, parameters: { p1: 2 } }
};
process.stdout.write(JSON.stringify(config, null, 2));

// The part of the Azure Functions Node.js worker that loads an app and invokes its functions,
// for a bundle copied outside the repo. Forked by test/bundle.test.ts (with an IPC channel),
// next to the bundle: nothing of the monorepo can be resolved from here.
//
// As the real worker does, it provides the built-in module `@azure/functions-core` by wrapping
// `require`, loads the entry (package.json `main`), collects what `@azure/functions` registers
// through `registerFunction`, and invokes a function the way the worker does: the programming
// model's InvocationModel turns the host's RPC request into the trigger input and a real
// `InvocationContext` (getArguments), calls the handler (invokeFunction) and turns the result
// into the RPC response (getResponse).
const Module = require('node:module');
const { randomUUID } = require('node:crypto');
const path = require('node:path');

const functions = new Map();
let programmingModel;

const coreApi = {
  version: '3.10.1',
  hostVersion: '4.1037.0',
  setProgrammingModel(model) {
    programmingModel = model;
  },
  getProgrammingModel() {
    return programmingModel;
  },
  registerFunction(metadata, callback) {
    if (functions.has(metadata.name))
      throw new Error(`A function named "${metadata.name}" is already registered`);
    functions.set(metadata.name, { metadata, callback });
    return { dispose: () => functions.delete(metadata.name) };
  },
  registerHook() {
    return { dispose() {} };
  },
  Disposable: class Disposable {
    constructor(callOnDispose) {
      this.dispose = callOnDispose;
    }
  },
};

const originalRequire = Module.prototype.require;
Module.prototype.require = function require(id, ...rest) {
  if (id === '@azure/functions-core') return coreApi;
  return originalRequire.call(this, id, ...rest);
};

function triggerOf(metadata) {
  for (const [name, binding] of Object.entries(metadata.bindings)) {
    if (binding.direction === 'in' && /Trigger$/i.test(binding.type)) return { name, binding };
  }
  throw new Error(`${metadata.name} has no trigger binding`);
}

function typedDataOut(data) {
  if (data === null || data === undefined) return data;
  if (data.bytes !== undefined) return { text: Buffer.from(data.bytes).toString('utf8') };
  if (data.string !== undefined) return { text: data.string };
  if (data.json !== undefined) return { text: data.json };
  if (data.http !== undefined) {
    const { body, ...rest } = data.http;
    return { http: { ...rest, body: body ? typedDataOut(body).text : undefined } };
  }
  return data;
}

async function invoke({ name, data, triggerMetadata, traceParent }) {
  const registered = functions.get(name);
  if (!registered) throw new Error(`No function named "${name}" is registered`);
  const logs = [];
  const invocationId = randomUUID();
  const coreCtx = {
    invocationId,
    metadata: registered.metadata,
    request: {
      invocationId,
      functionId: name,
      inputData: [{ name: triggerOf(registered.metadata).name, data }],
      triggerMetadata,
      traceContext: traceParent ? { traceParent, traceState: '', attributes: {} } : undefined,
    },
    state: undefined,
    log: (level, category, message) => logs.push({ level, category, message }),
  };
  const model = programmingModel.getInvocationModel(coreCtx);
  const { context, inputs } = await model.getArguments();
  let error;
  let result;
  try {
    result = await model.invokeFunction(context, inputs, registered.callback);
  } catch (thrown) {
    error = thrown instanceof Error ? thrown.message : String(thrown);
  }
  const response = error === undefined ? await model.getResponse(context, result) : undefined;
  return {
    error,
    returnValue: typedDataOut(response?.returnValue),
    outputData: (response?.outputData ?? []).map((o) => ({ name: o.name, ...typedDataOut(o.data) })),
    logs,
  };
}

async function handle(message) {
  switch (message.op) {
    case 'functions':
      return [...functions.values()].map((f) => f.metadata);
    case 'invoke':
      return invoke(message);
    default:
      throw new Error(`Unknown op ${message.op}`);
  }
}

process.on('message', (message) => {
  handle(message).then(
    (result) => process.send({ id: message.id, result }),
    (error) => process.send({ id: message.id, error: error.stack ?? String(error) }),
  );
});

async function main() {
  const pkg = require(path.join(__dirname, 'package.json'));
  require(path.join(__dirname, pkg.main));
  if (!programmingModel) throw new Error('The entry did not set a programming model');
  await programmingModel.getCapabilities({});
  process.send({ ready: true, functions: functions.size });
}

main().catch((error) => {
  process.send({ ready: false, error: error.stack ?? String(error) });
  process.exit(1);
});

/** A function process with EMF telemetry on the default sink (stdout), for the EMF test to read. */
import { createTelemetry } from '../../../src/telemetry';
import { httpInfo } from './invocations';

const telemetry = createTelemetry({
  service: 'stdout-svc',
  traces: { exporter: 'none' },
  metrics: { exporter: 'emf' },
});
const observation = telemetry.start(httpInfo({ service: 'stdout-svc', functionName: 'stdoutFn' }));
observation.run(() => 'ok');
observation.end({ status: 200 });
telemetry.flush(1000).then(() => telemetry.shutdown(1000));

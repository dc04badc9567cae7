// faasade's runtime with no telemetry configured: nothing of OpenTelemetry is loaded.
import { lambdaHandler } from './faasade-app';

export const handler = lambdaHandler();

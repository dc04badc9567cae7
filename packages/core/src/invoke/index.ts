export {
  invoke,
  invokeEvent,
  invokeMessage,
  invokeSchedule,
  type LocalInvokeOptions,
  type LocalServer,
  serve,
  toResponse,
} from './local';
export { createRuntime, Runtime } from './runtime';
export { errorBody, errorOutput, statusOf } from './http-errors';
export type {
  HttpInput,
  InvocationMeta,
  MessageInput,
  MessageOutcome,
  RunOutcome,
  RuntimeOptions,
} from './types';

export {
  type App,
  type AppDefaults,
  type AppOptions,
  acceptsEvent,
  type DeadLetterHook,
  defineApp,
  event,
  http,
  type InitHook,
  mount,
  type ParsedSchedule,
  parseSchedule,
  queue,
  schedule,
} from './define';
export {
  DeadlineExceededError,
  type ErrorIssue,
  HttpError,
  isHttpError,
  PermanentError,
  ValidationError,
} from './errors';
export {
  createRequest,
  headerOf,
  LightRequest,
  type RawHeaders,
  type RequestInit,
  toHeaders,
} from './request';
export {
  binary,
  type HttpOutput,
  isTextContentType,
  json,
  LightResponse,
  outputBytes,
  text,
  toHttpOutput,
} from './response';
export {
  type CompiledRoute,
  compileRoute,
  matchRoute,
  Router,
  toBraceTemplate,
  WILDCARD_PARAM,
} from './router';
export * from './types';
export { DEFAULT_MAX_BODY_BYTES, readJsonBody, validate, validateMessage } from './validate';

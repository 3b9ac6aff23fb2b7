import { InterceptingCall, type Interceptor } from '@grpc/grpc-js';
import { currentRequestId, REQUEST_ID_HEADER } from '../observability/request-context';

/** Sends the HTTP request's id to the ml-service as `x-request-id` metadata; its logs print it too. */
export const requestIdInterceptor: Interceptor = (options, nextCall) =>
  new InterceptingCall(nextCall(options), {
    start(metadata, listener, next) {
      const requestId = currentRequestId();
      if (requestId) metadata.set(REQUEST_ID_HEADER, requestId);
      next(metadata, listener);
    },
  });

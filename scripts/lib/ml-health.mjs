// The standard gRPC health check (grpc.health.v1.Health/Check), which the ml-service answers
// SERVING only once every service is registered: an open port alone does not mean it is ready.
import * as grpc from '@grpc/grpc-js';
import { fromJSON } from '@grpc/proto-loader';

// health.proto of grpc.health.v1 as protobufjs JSON, so no .proto file has to travel with scripts/.
const HEALTH_PROTO = {
  nested: { grpc: { nested: { health: { nested: { v1: { nested: {
    HealthCheckRequest: { fields: { service: { type: 'string', id: 1 } } },
    HealthCheckResponse: {
      fields: { status: { type: 'ServingStatus', id: 1 } },
      nested: { ServingStatus: { values: { UNKNOWN: 0, SERVING: 1, NOT_SERVING: 2, SERVICE_UNKNOWN: 3 } } },
    },
    Health: { methods: { Check: { requestType: 'HealthCheckRequest', responseType: 'HealthCheckResponse' } } },
  } } } } } } },
};
const { Health } = grpc.loadPackageDefinition(fromJSON(HEALTH_PROTO, { enums: String, defaults: true })).grpc.health.v1;

/** The overall serving status of the gRPC server at `address` (host:port): 'SERVING', 'NOT_SERVING', …; throws when it does not answer. */
export function checkGrpcHealth(address, timeoutMs = 2000) {
  const client = new Health(address, grpc.credentials.createInsecure());
  return new Promise((resolve, reject) => {
    client.Check({ service: '' }, { deadline: Date.now() + timeoutMs }, (error, response) => {
      client.close();
      if (error) reject(error);
      else resolve(response.status);
    });
  });
}

import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, validate, type GraphQLSchema } from 'graphql';
import depthLimit from 'graphql-depth-limit';
import { fieldExtensionsEstimator, getComplexity, simpleEstimator } from 'graphql-query-complexity';
import { DEFAULT_DIRECTORY_PAGE } from '../commands/paging/ordered-by-key';

export interface QueryLimits {
  /** Nesting of selections below the operation (introspection fields are not counted). */
  maxDepth: number;
  /** graphql-query-complexity's estimate: 1 per field, a connection's selection times its page size. */
  maxCost: number;
}

export const DEFAULT_QUERY_LIMITS: QueryLimits = { maxDepth: 10, maxCost: 25_000 };

/**
 * The cost of a connection field: its selection once per item of the page asked for. type-graphql puts it in
 * the field's extensions, where graphql-query-complexity's fieldExtensionsEstimator reads it.
 */
export function connectionCost({ args, childComplexity }: { args: Record<string, unknown>; childComplexity: number }): number {
  const first = typeof args['first'] === 'number' ? args['first'] : DEFAULT_DIRECTORY_PAGE;
  return 1 + Math.max(1, first) * childComplexity;
}

/**
 * Refuses a too deep (QUERY_TOO_DEEP) or too costly (QUERY_TOO_COMPLEX) operation before anything resolves, with
 * HTTP 400. Runs once the operation is known, so the cost uses the request's variables; introspection is not limited.
 */
export function queryLimitsPlugin(schema: GraphQLSchema, limits: QueryLimits = DEFAULT_QUERY_LIMITS): ApolloServerPlugin {
  const depthRule = depthLimit(limits.maxDepth);
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document }) {
          const [tooDeep] = validate(schema, document, [depthRule]);
          if (tooDeep)
            throw new GraphQLError(`${tooDeep.message}: ask for fewer nested levels`, {
              extensions: { code: 'QUERY_TOO_DEEP', maxDepth: limits.maxDepth, http: { status: 400 } },
            });
          let cost: number;
          try {
            cost = getComplexity({
              schema,
              query: document,
              variables: request.variables ?? {},
              ...(request.operationName ? { operationName: request.operationName } : {}),
              estimators: [fieldExtensionsEstimator(), simpleEstimator({ defaultComplexity: 1 })],
            });
          } catch {
            // Bad variable values: execution reports them with their own code.
            return;
          }
          if (cost > limits.maxCost)
            throw new GraphQLError(`This query costs ${cost}, more than the limit of ${limits.maxCost}: ask for smaller pages or fewer nested lists`, {
              extensions: { code: 'QUERY_TOO_COMPLEX', cost, maxCost: limits.maxCost, http: { status: 400 } },
            });
        },
      };
    },
  };
}

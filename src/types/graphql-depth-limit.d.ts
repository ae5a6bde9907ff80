/** The one function graphql-depth-limit exports (it ships no types; DefinitelyTyped's pull in graphql 14). */
declare module 'graphql-depth-limit' {
  import type { ValidationRule } from 'graphql';

  function depthLimit(maxDepth: number, options?: { ignore?: (string | RegExp | ((queryDepths: Record<string, number>) => boolean))[] }, callback?: (depths: Record<string, number>) => void): ValidationRule;
  export = depthLimit;
}

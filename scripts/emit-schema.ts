import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { printGraphqlSchema } from '../src/graphql/schema';

/** Writes `schema.graphql` from the resolvers; a test fails while the committed file differs. */
printGraphqlSchema()
  .then((sdl) => {
    writeFileSync(path.resolve(__dirname, '..', '..', 'schema.graphql'), sdl);
    process.stdout.write('Wrote schema.graphql\n');
  })
  .catch((error: unknown) => {
    process.stderr.write(`schema:emit failed: ${String(error)}\n`);
    process.exit(1);
  });

// Metrics statements built and compiled once per shape.
//
// Building a metrics statement (hundreds of sql fragments) and compiling it cost more JavaScript than
// everything else the server does for a call, and its text depends only on the shape of the call: the
// grouping and which filters are set. So each shape is built and compiled once, with placeholders where
// the values go, and every call sends the same text with its own values as parameters.
import { CompiledQuery, type Kysely, type RawBuilder, type Transaction } from 'kysely';
import type { DB } from '@lpt/db/schema';
import type { OrganizationType, Region, TypeGroup } from '@lpt/shared/enums';
import type { BreakdownDimension } from '@lpt/shared/metrics';

type Db = Kysely<DB> | Transaction<DB>;

/** What a metrics statement adds up: the years, the filters set, and whether submitted reports count. */
export interface MetricsScope {
  fromYear: number;
  toYear: number;
  region?: Region | undefined;
  organizationType?: OrganizationType | undefined;
  typeGroup?: TypeGroup | undefined;
  /** Submitted reports stand in for the approved ones of the same organisation and year. */
  includeSubmitted: boolean;
}

/** Where a value of the scope goes in a cached statement. */
class Placeholder {
  constructor(readonly name: PlaceholderName) {}
}
type PlaceholderName = 'fromYear' | 'toYear' | 'region' | 'organizationType' | 'typeGroup';

/** A scope whose values are placeholders, to build a statement's text once for every scope of its shape. */
function placeholderScope(scope: MetricsScope): MetricsScope {
  const at = (name: PlaceholderName) => new Placeholder(name) as unknown as never;
  return {
    fromYear: at('fromYear'),
    toYear: at('toYear'),
    region: scope.region ? at('region') : undefined,
    organizationType: scope.organizationType ? at('organizationType') : undefined,
    typeGroup: scope.typeGroup ? at('typeGroup') : undefined,
    includeSubmitted: scope.includeSubmitted,
  };
}

const statements = new Map<string, CompiledQuery>();

/** Runs the statement of this scope's shape (built by `build` the first time), filled in with its values. */
export async function runShaped(
  db: Db,
  scope: MetricsScope,
  groupBy: BreakdownDimension | undefined,
  build: (shape: MetricsScope) => RawBuilder<unknown>,
): Promise<Record<string, unknown>[]> {
  const plain = db.withoutPlugins();
  const key = `${groupBy ?? ''}|${scope.includeSubmitted}|${Boolean(scope.region)}|${Boolean(scope.organizationType)}|${Boolean(scope.typeGroup)}`;
  let statement = statements.get(key);
  if (!statement) {
    statement = build(placeholderScope(scope)).compile(plain);
    statements.set(key, statement);
  }
  const parameters = statement.parameters.map((p) => (p instanceof Placeholder ? scope[p.name] : p));
  const { rows } = await plain.executeQuery<Record<string, unknown>>(CompiledQuery.raw(statement.sql, parameters));
  return rows;
}

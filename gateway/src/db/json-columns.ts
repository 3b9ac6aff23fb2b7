/**
 * SQLite keeps JSON in TEXT columns; the repositories hand out and take the parsed values, so no
 * service or mapper parses a column (or casts what it parsed). One codec per table lists its JSON
 * columns and the type each holds.
 */
export type Parsed<Row, Json> = Omit<Row, keyof Json> & Json;
/** Insert or update values: the JSON columns as values, each optional (the column default applies). */
export type ParsedValues<Values, Json> = Omit<Values, keyof Json> & Partial<Json>;

export class JsonColumns<Json extends object> {
  constructor(private readonly columns: readonly (keyof Json & string)[]) {}

  /** A row as SQLite returns it, with its JSON columns parsed. */
  parse<Row extends object>(row: Row): Parsed<Row, Json> {
    const out = { ...row } as Record<string, unknown>;
    for (const column of this.columns) {
      if (typeof out[column] === 'string') out[column] = JSON.parse(out[column]);
    }
    return out as Parsed<Row, Json>;
  }

  /**
   * Values as SQLite stores them: each JSON column present becomes its JSON text. `Table` is the
   * Kysely insert or update type the result is handed to.
   */
  serialize<Table>(values: object): Table {
    const out: Record<string, unknown> = { ...values };
    for (const column of this.columns) {
      if (column in out && out[column] !== undefined) out[column] = JSON.stringify(out[column]);
    }
    return out as Table;
  }
}

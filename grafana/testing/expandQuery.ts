/**
 * A panel's SQL as the ClickHouse plugin sends it, for tests that run the dashboards without a
 * Grafana: the steps in the plugin's order, each only for what our dashboards use.
 *
 *   1. `$__conditionalAll(condition, $variable)` (the plugin's frontend, before variables): the
 *      condition, or `1=1` when the variable is "All".
 *   2. Template variables (Grafana): `${name:singlequote}` as `'a','b'` (a quote inside a value as
 *      `\'`), `$name` and `${name}` as `a,b`; "All" with no custom value is every option.
 *   3. Macros (the plugin's backend, docs/sources/query-editor.md "Macros"):
 *      `$__timeFilter(column)` → `column >= toDateTime(<from s>) AND column <= toDateTime(<to s>)`
 *      (the end included, as Grafana's range is) and `$__interval_s` → the interval in seconds.
 *
 * Anything else that starts with `$` is refused, naming it, so a panel cannot use a macro these
 * tests do not expand (and `$__timeInterval` would not run on the native stack's 18.16, which has
 * no toStartOfInterval).
 *
 *     expandQuery(panelSql, { from, to, intervalSeconds: 86_400, variables: { repository: { options, selected: 'all' } } })
 */

export interface VariableValue {
  /** Every option the variable's query gave: what "All" stands for. */
  readonly options: readonly string[];
  /** The values picked, or 'all'. */
  readonly selected: readonly string[] | 'all';
}

export interface ExpandOptions {
  readonly from: Date;
  readonly to: Date;
  readonly intervalSeconds: number;
  readonly variables: Readonly<Record<string, VariableValue>>;
}

export function expandQuery(sql: string, options: ExpandOptions): string {
  const withConditions = expandConditionalAll(sql, options.variables);
  const withVariables = expandVariables(withConditions, options.variables);
  return expandMacros(withVariables, options);
}

function expandConditionalAll(sql: string, variables: ExpandOptions['variables']): string {
  return replaceCalls(sql, '$__conditionalAll', (args) => {
    if (args.length !== 2) throw new Error(`$__conditionalAll: expected 2 arguments, received ${args.length}`);
    const [condition, reference] = args as [string, string];
    const name = /^\$\{?(\w+)\}?$/.exec(reference.trim())?.[1];
    if (name === undefined) throw new Error(`$__conditionalAll: the second argument must be a plain variable reference, got "${reference.trim()}"`);
    return variableOf(variables, name).selected === 'all' ? '1=1' : condition.trim();
  });
}

function expandVariables(sql: string, variables: ExpandOptions['variables']): string {
  return sql.replace(/\$\{(\w+)(?::(\w+))?\}|\$(?!__)(\w+)/g, (_match, braced: string | undefined, format: string | undefined, bare: string | undefined) => {
    const name = (braced ?? bare) as string;
    const variable = variableOf(variables, name);
    const values = variable.selected === 'all' ? variable.options : variable.selected;
    if (format === undefined) return values.join(',');
    if (format === 'singlequote') return values.map((v) => `'${v.replaceAll("'", "\\'")}'`).join(',');
    throw new Error(`\${${name}:${format}}: the format "${format}" is not expanded here`);
  });
}

function expandMacros(sql: string, options: ExpandOptions): string {
  const seconds = (date: Date) => Math.floor(date.getTime() / 1000);
  const filtered = replaceCalls(sql, '$__timeFilter', (args) => {
    if (args.length !== 1) throw new Error(`$__timeFilter: expected 1 argument, received ${args.length}`);
    const column = (args[0] as string).trim();
    return `${column} >= toDateTime(${seconds(options.from)}) AND ${column} <= toDateTime(${seconds(options.to)})`;
  });
  const expanded = filtered.replace(/\$__interval_s\b/g, String(options.intervalSeconds));
  const left = /\$\w*/.exec(expanded);
  if (left !== null) throw new Error(`"${left[0]}" is not expanded here: use the macros grafana/testing/expandQuery.ts knows, or teach it the new one`);
  return expanded;
}

function variableOf(variables: ExpandOptions['variables'], name: string): VariableValue {
  const variable = variables[name];
  if (variable === undefined) throw new Error(`$${name}: no value given for this template variable`);
  return variable;
}

/** Replaces every `name(...)` with `expand(args)`, arguments split on top-level commas. */
function replaceCalls(sql: string, name: string, expand: (args: string[]) => string): string {
  let out = '';
  let rest = sql;
  for (let at = rest.indexOf(`${name}(`); at !== -1; at = rest.indexOf(`${name}(`)) {
    out += rest.slice(0, at);
    const args: string[] = [];
    let depth = 0;
    let current = '';
    let end = -1;
    for (let i = at + name.length + 1; i < rest.length; i++) {
      const ch = rest[i] as string;
      if (ch === '(') depth++;
      if (ch === ')' && depth === 0) {
        end = i;
        break;
      }
      if (ch === ')') depth--;
      if (ch === ',' && depth === 0) {
        args.push(current);
        current = '';
      } else current += ch;
    }
    if (end === -1) throw new Error(`${name}: no closing parenthesis`);
    args.push(current);
    out += expand(args);
    rest = rest.slice(end + 1);
  }
  return out + rest;
}

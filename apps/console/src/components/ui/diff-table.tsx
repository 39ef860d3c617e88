/** A list of changes as path / before / after, used by version diffs and audit entries. */
export interface TDiffRow {
  path: string;
  before?: unknown;
  after?: unknown;
}

function show(value: unknown): string {
  if (value === undefined) return '—';
  return typeof value === 'string' ? value : JSON.stringify(value, null, 1);
}

export function DiffTable({ rows, testId }: { rows: ReadonlyArray<TDiffRow>; testId?: string }) {
  if (rows.length === 0) return <p className="muted">No differences.</p>;
  return (
    <table data-testid={testId}>
      <thead>
        <tr>
          <th>Path</th>
          <th>Before</th>
          <th>After</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.path}>
            <td className="mono">{row.path}</td>
            <td>
              <pre>{show(row.before)}</pre>
            </td>
            <td>
              <pre>{show(row.after)}</pre>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

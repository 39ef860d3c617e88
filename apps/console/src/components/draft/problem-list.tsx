'use client';
import { Notice } from '~/components/ui/error-banner.tsx';

export interface TProblem {
  path: ReadonlyArray<string | number>;
  message: string;
}

export function formatPath(path: ReadonlyArray<string | number>): string {
  return path.length === 0 ? '(root)' : path.map((part) => String(part)).join('.');
}

/** Every problem validateSnapshot found, each with the path it is about. */
export function ProblemList({ problems }: { problems: ReadonlyArray<TProblem> }) {
  if (problems.length === 0) {
    return (
      <Notice tone="ok" testId="draft-no-problems">
        The draft has no problems; it can be published.
      </Notice>
    );
  }
  return (
    <div className="stack" style={{ gap: 6 }}>
      <Notice tone="warn">
        {problems.length} problem{problems.length === 1 ? '' : 's'} must be fixed before publishing.
      </Notice>
      <table data-testid="draft-problems">
        <thead>
          <tr>
            <th>Path</th>
            <th>Problem</th>
          </tr>
        </thead>
        <tbody>
          {problems.map((problem, index) => (
            <tr key={`${formatPath(problem.path)}-${index}`}>
              <td className="mono">{formatPath(problem.path)}</td>
              <td>{problem.message}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

'use client';
import { Badge } from '~/components/ui/card.tsx';

export interface TStep {
  step: string;
  target: string;
  ok: boolean;
  message: string;
}

/** The ordered result of each server-side step of a failover or failback. */
export function StepReport({ steps, testId }: { steps: ReadonlyArray<TStep>; testId?: string }) {
  if (steps.length === 0) return null;
  return (
    <table data-testid={testId}>
      <thead>
        <tr>
          <th>Step</th>
          <th>Target</th>
          <th>Result</th>
          <th>Message</th>
        </tr>
      </thead>
      <tbody>
        {steps.map((step, index) => (
          <tr key={`${step.step}-${step.target}-${index}`} data-ok={step.ok}>
            <td>{step.step}</td>
            <td className="mono">{step.target}</td>
            <td>{step.ok ? <Badge tone="ok">ok</Badge> : <Badge tone="danger">failed</Badge>}</td>
            <td>{step.message}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

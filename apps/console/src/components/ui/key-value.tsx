/** A small definition list for results such as a decoded ID or a route decision. */
import type { ReactNode } from 'react';
import styles from './key-value.module.css';

export function KeyValue({ rows, testId }: { rows: ReadonlyArray<readonly [string, ReactNode]>; testId?: string }) {
  return (
    <dl className={styles.list} data-testid={testId}>
      {rows.map(([key, value]) => (
        <div key={key} className={styles.row}>
          <dt>{key}</dt>
          <dd data-testid={testId ? `${testId}-${key.toLowerCase().replace(/\s+/g, '-')}` : undefined}>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

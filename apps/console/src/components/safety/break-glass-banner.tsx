'use client';
/** Loud on purpose: every safety-rule override of the last 24 h, on the Overview and the Safety page. */
import Link from 'next/link';
import { Notice } from '~/components/ui/error-banner.tsx';
import { Time } from '~/components/ui/time.tsx';
import type { TListSafetyResponse } from '@switchyard/api/schemas';

export function BreakGlassBanner({ overrides }: { overrides: TListSafetyResponse['overrides'] }) {
  if (overrides.length === 0) return null;
  return (
    <Notice tone="danger" testId="break-glass-banner">
      <strong>
        {overrides.length} safety-rule override{overrides.length === 1 ? '' : 's'} (break-glass) in the last 24 h
      </strong>
      <ul style={{ margin: '4px 0 0', paddingLeft: 18 }}>
        {overrides.map((o) => (
          <li key={`${o.at}-${o.target}`}>
            <Time value={o.at} /> {o.actor} overrode {o.rules.join(', ')} for {o.target}: “{o.reason}”
          </li>
        ))}
      </ul>
      <Link href="/safety">Safety rules</Link>
    </Notice>
  );
}

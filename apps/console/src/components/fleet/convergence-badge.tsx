'use client';
import { Badge } from '~/components/ui/card.tsx';

/** "Converged" means every live worker acknowledged the published version (DESIGN §6). */
export function ConvergenceBadge({
  converged,
  publishedVersion,
  stragglers,
}: {
  converged: boolean;
  publishedVersion: number | null;
  stragglers: ReadonlyArray<string>;
}) {
  if (publishedVersion === null) return <Badge testId="convergence">nothing published</Badge>;
  return converged ? (
    <Badge tone="ok" testId="convergence">
      v{publishedVersion} converged
    </Badge>
  ) : (
    <Badge tone="warn" testId="convergence">
      v{publishedVersion}: {stragglers.length} straggler{stragglers.length === 1 ? '' : 's'}
    </Badge>
  );
}

import { rmSync } from 'node:fs';
import { e2eHome, runStackBin } from './stack.ts';

export default function globalSetup(): void {
  runStackBin('down');
  rmSync(e2eHome, { recursive: true, force: true });
  runStackBin('up');
}

import { runStackBin } from './stack.ts';

export default function globalTeardown(): void {
  runStackBin('down');
}

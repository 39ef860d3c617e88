import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { TRPCReactProvider } from '~/trpc/react.tsx';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Switchyard console', template: '%s · Switchyard' },
  description: 'Storage governance for Redis-backed services',
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <TRPCReactProvider>{children}</TRPCReactProvider>
      </body>
    </html>
  );
}

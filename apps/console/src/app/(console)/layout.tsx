import type { ReactNode } from 'react';
import { Nav } from '~/components/shell/nav.tsx';
import { UserMenu } from '~/components/shell/user-menu.tsx';
import { TimeZoneProvider, TimeZoneSwitch } from '~/components/ui/time-zone.tsx';
import styles from '~/components/shell/shell.module.css';

/** Every signed-in page: navigation on the left; the UTC/local switch, the user and logout on top. */
export default function ConsoleLayout({ children }: { children: ReactNode }) {
  return (
    <TimeZoneProvider>
      <div className={styles.layout}>
        <aside className={styles.sidebar}>
          <div className={styles.brand}>Switchyard</div>
          <Nav />
        </aside>
        <div className={styles.main}>
          <header className={styles.topbar}>
            <TimeZoneSwitch />
            <UserMenu />
          </header>
          <main className={styles.content}>{children}</main>
        </div>
      </div>
    </TimeZoneProvider>
  );
}

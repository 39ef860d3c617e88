'use client';
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { NAV_ITEMS, type TNavItem } from './nav-items.ts';
import styles from './shell.module.css';

function isActive(pathname: string, item: TNavItem): boolean {
  if (item.href === '/') return pathname === '/';
  if (item.children) return item.children.some((child) => pathname.startsWith(child.href));
  return pathname.startsWith(item.href);
}

export function Nav() {
  const pathname = usePathname();
  return (
    <nav aria-label="Main" className={styles.nav}>
      <ul>
        {NAV_ITEMS.map((item) => (
          <li key={item.label}>
            <Link
              href={item.href}
              className={isActive(pathname, item) ? styles.active : undefined}
              aria-current={pathname === item.href ? 'page' : undefined}
            >
              {item.label}
            </Link>
            {item.children ? (
              <ul className={styles.sub}>
                {item.children.map((child) => (
                  <li key={child.href}>
                    <Link
                      href={child.href}
                      className={pathname.startsWith(child.href) ? styles.active : undefined}
                      aria-current={pathname === child.href ? 'page' : undefined}
                    >
                      {child.label}
                    </Link>
                  </li>
                ))}
              </ul>
            ) : null}
          </li>
        ))}
      </ul>
    </nav>
  );
}

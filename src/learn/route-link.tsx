import type { AnchorHTMLAttributes, ReactNode } from 'react';
import { navigate } from '../client/router';

/** A link inside the app: a real href (open in a new tab works), navigate() on a plain click. */
export function RouteLink({ to, children, ...rest }: { to: string; children: ReactNode } & AnchorHTMLAttributes<HTMLAnchorElement>) {
  return (
    <a
      href={`#${to}`}
      onClick={(e) => {
        if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
        e.preventDefault();
        navigate(to);
      }}
      {...rest}
    >
      {children}
    </a>
  );
}

/** A data table in its own scrolling box (a phone scrolls the table, not the page), named by its caption, with header cells. */
import type { ReactNode } from 'react';

export function Table({ caption, headers, children, foot, hideCaption = false }: { caption: string; headers: readonly string[]; children: ReactNode; foot?: ReactNode; hideCaption?: boolean }) {
  return (
    <div className="table-scroll" tabIndex={0} role="region" aria-label={caption}>
      <table>
        <caption className={hideCaption ? 'visually-hidden' : undefined}>{caption}</caption>
        <thead>
          <tr>
            {headers.map((header, index) => (
              <th scope="col" key={index}>
                {header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
        {foot ? <tfoot>{foot}</tfoot> : null}
      </table>
    </div>
  );
}

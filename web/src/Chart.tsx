/**
 * A horizontal bar chart in plain SVG drawn by React (no chart library: a few bars need no
 * more, and the site's first load stays small). Each bar's length is its value over the
 * largest one, computed on integers: the API's decimal strings are read as whole units of
 * their last decimal place, so no float touches an amount. Screen readers get the figures
 * as a table; the drawing is hidden from them.
 */
export interface Bar {
  readonly label: string;
  /** The API's decimal string ("1234.50", "0.083333"). */
  readonly value: string;
  /** The value as the page shows it ("¥1,234.50", "8.3333%"). */
  readonly shown: string;
}

/** A decimal string as a whole number of 10^-decimals: "1234.5" at 2 → 123450n. */
export function units(text: string, decimals: number): bigint {
  const [whole = '0', fraction = ''] = text.split('.');
  return BigInt(`${whole}${fraction.padEnd(decimals, '0').slice(0, decimals)}`);
}

export function BarChart({ caption, headers, bars, decimals }: { caption: string; headers: readonly [string, string]; bars: readonly Bar[]; decimals: number }) {
  const values = bars.map((bar) => units(bar.value, decimals));
  const largest = values.reduce((max, value) => (value > max ? value : max), 0n);
  // Tenths of a percent of the largest bar: integer division, then a length for the drawing.
  const length = (value: bigint) => (largest === 0n ? 0 : Number((value * 1000n) / largest) / 10);
  return (
    <figure className="chart">
      <figcaption>{caption}</figcaption>
      <div className="chart-bars" aria-hidden="true">
        {bars.map((bar, index) => (
          <div className="chart-row" key={bar.label}>
            <span className="chart-label">{bar.label}</span>
            <svg className="chart-bar" width="100%" height="16" focusable="false">
              <rect x="0" y="2" height="12" rx="2" width={`${length(values[index] ?? 0n)}%`} />
            </svg>
            <span className="chart-value">{bar.shown}</span>
          </div>
        ))}
      </div>
      <table className="visually-hidden">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{headers[0]}</th>
            <th scope="col">{headers[1]}</th>
          </tr>
        </thead>
        <tbody>
          {bars.map((bar) => (
            <tr key={bar.label}>
              <th scope="row">{bar.label}</th>
              <td>{bar.shown}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}

import { bundleReport, type Manifest } from '../../bench/web-bundle';

// A manifest of Vite's shape: the entry imports a vendor chunk statically and two pages lazily; both pages share a table chunk and import the entry back.
const manifest: Manifest = {
  'index.html': { file: 'assets/index.js', src: 'index.html', isEntry: true, imports: ['_vendor.js'], dynamicImports: ['src/pages/Loan.tsx', 'src/pages/Audit.tsx'] },
  '_vendor.js': { file: 'assets/vendor.js' },
  '_table.js': { file: 'assets/table.js', imports: ['index.html'] },
  'src/pages/Loan.tsx': { file: 'assets/Loan.js', src: 'src/pages/Loan.tsx', imports: ['index.html', '_table.js', '_vendor.js'] },
  'src/pages/Audit.tsx': { file: 'assets/Audit.js', src: 'src/pages/Audit.tsx', imports: ['index.html', '_table.js'] },
};
const sizes: Record<string, number> = { 'assets/index.js': 1000, 'assets/vendor.js': 500, 'assets/table.js': 70, 'assets/Loan.js': 30, 'assets/Audit.js': 20 };

describe("the site's JavaScript from Vite's manifest", () => {
  const report = bundleReport(manifest, (file) => sizes[file]!);

  test('the initial load is the entry and what it imports statically (its modulepreloads), not the lazy pages', () => {
    expect(report.initial).toEqual({ files: ['assets/index.js', 'assets/vendor.js'], bytes: 1500 });
  });

  test("each route adds its chunk and the shared chunks the initial load does not hold, once each", () => {
    expect(report.routes).toEqual([
      { route: 'src/pages/Loan.tsx', files: ['assets/Loan.js', 'assets/table.js'], bytes: 100 },
      { route: 'src/pages/Audit.tsx', files: ['assets/Audit.js', 'assets/table.js'], bytes: 90 },
    ]);
  });

  test('a manifest without exactly one entry, or naming a chunk it lacks, is an error rather than a small figure', () => {
    const { 'index.html': _entry, ...noEntry } = manifest;
    expect(() => bundleReport(noEntry, () => 0)).toThrow('expected one entry chunk');
    expect(() => bundleReport({ ...manifest, '_vendor.js': { file: 'assets/vendor.js', imports: ['_missing.js'] } }, () => 0)).toThrow('no chunk _missing.js');
  });
});

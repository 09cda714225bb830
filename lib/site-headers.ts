/**
 * The website's security headers, one definition for both places that serve it: the
 * twin's gateway (lib/local/site.ts) and the front door's CloudFront response headers
 * policy. The site loads only its own scripts and styles and talks only to its own
 * origin (the API is the same origin), and no page may frame it.
 */
export const siteContentSecurityPolicy = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** HSTS: two years with subdomains (CloudFront only: a browser ignores it over the twin's plain HTTP). */
export const siteHstsSeconds = 63_072_000;

export const siteHeaders: Readonly<Record<string, string>> = {
  'content-security-policy': siteContentSecurityPolicy,
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'strict-origin-when-cross-origin',
  'cross-origin-opener-policy': 'same-origin',
};

/** `/share/<token>` → the token (base64url); anything else has none and gets the "invalid" page. */
export function tokenFromPath(pathname: string): string {
  const match = /^\/share\/([A-Za-z0-9_-]{1,200})\/?$/.exec(pathname);
  return match?.[1] ?? '';
}

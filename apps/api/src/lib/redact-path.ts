// Share tokens travel in URL paths (/share/<token>, /v1/share/<token>/…), and a path in a log
// line is a token in every log store and backup. Anything that logs a path passes it through here.

// The segment after any `share` segment, however the path was spelled (case, doubled slashes,
// percent-encoding of the word itself): `/v1//SHARE/<token>` must not slip through either.
const SHARE_SEGMENT = /(^|\/)(share|%73hare|s%68are|sh%61re|sha%72e|shar%65)(\/+)[^/]+/gi;
// A token anywhere else (say, pasted under a wrong route): a whole segment shaped like one,
// 32 random bytes in 43 base64url characters.
const TOKEN_LIKE = /(?<=\/)[A-Za-z0-9_-]{43}(?=\/|$)/g;

/** The path with any share token replaced by `:token`. */
export function redactPath(path: string): string {
  return path
    .replace(SHARE_SEGMENT, (_m, lead: string, word: string, slashes: string) => `${lead}${word}${slashes}:token`)
    .replace(TOKEN_LIKE, ':token');
}

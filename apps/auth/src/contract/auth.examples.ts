// Swagger examples shaped exactly like real values, so the docs show what a client will get and
// must send back. None of them is live: the access token is signed by a throwaway key.

/** An ES256 access token for user 0195c1d2-7e4a-…, issued 2026-11-25T09:00:00Z for 15 minutes. */
export const ACCESS_TOKEN_EXAMPLE =
  'eyJhbGciOiJFUzI1NiIsInR5cCI6ImF0K2p3dCIsImtpZCI6Ii14TlVhbjc4ZF9NZHVQZEFEN3RjT3JnTHllMkhDTnM2dFM1U1RtUl92eFkifQ' +
  '.eyJpc3MiOiJmaWN1cy1hdXRoIiwiYXVkIjoiZmljdXMiLCJzdWIiOiIwMTk1YzFkMi03ZTRhLTdiM2MtOWQyZS0xZjBhMmIzYzRkNWUiLCJzaWQiOiIwMTk1YzFkMi04YTEwLTdjNGQtOGU1Zi0yYTNiNGM1ZDZlN2YiLCJyb2xlcyI6WyJ1c2VyIl0sInRva2VuX3VzZSI6ImFjY2VzcyIsImp0aSI6IjAxOTVjMWQyLThhMTEtN2YwMC05YTFiLTNjNGQ1ZTZmN2E4YiIsImlhdCI6MTc5NTU5NzIwMCwibmJmIjoxNzk1NTk3MjAwLCJleHAiOjE3OTU1OTgxMDB9' +
  '.-E9yqL8H-TtBllG-uz-VbBCf08O3kpRjy33Klh7EnXV7EFg3VydXy7ckUV-eFwtCZcOwGOCE2ae08ZmNeF1FPQ';

/** Refresh and reset tokens: 32 random bytes, base64url (43 characters). */
export const REFRESH_TOKEN_EXAMPLE = 'Hf7MWZVAhQG814-S_OghUBctrYiBcimKUKA4zOkqxvE';
export const RESET_TOKEN_EXAMPLE = 'O22vdMzKsvqkRwiaIWJO-eMx6dVsM8OMXZjpKyKq9es';

export const EMAIL_EXAMPLE = 'ada@example.com';
export const PASSWORD_EXAMPLE = 'correct horse battery staple';
export const NEW_PASSWORD_EXAMPLE = 'plum tractor violin 1843';

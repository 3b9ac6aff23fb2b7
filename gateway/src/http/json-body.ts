/**
 * The JSON body a request may send (express.json's limit, app.factory.ts). Sized for the largest,
 * a guided session's prompt list: MAX_TOTAL_VERTICES (dtos/guided-session.dto.ts) vertices of three
 * numbers written out in full, about 10 characters each, with room for the rest. Every other JSON
 * body of the API is far smaller; uploads are multipart and have limits of their own.
 */
export const MAX_JSON_BODY_BYTES = 4 * 1024 * 1024;

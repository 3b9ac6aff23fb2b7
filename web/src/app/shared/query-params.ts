import { HttpParams } from '@angular/common/http';

/** Query parameters of a list request; empty and missing values are left out (no `search=`). */
export function queryParams(
  query: Readonly<Record<string, string | number | boolean | null | undefined>>,
): HttpParams {
  const fromObject: Record<string, string | number | boolean> = {};
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') fromObject[key] = value;
  }
  return new HttpParams({ fromObject });
}

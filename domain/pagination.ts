import { z } from 'zod';

/** Page-based pagination shared by every list; ordering is always stable (ends with the id). */
export const paginationSchema = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
export type Pagination = z.infer<typeof paginationSchema>;

export interface Page<T> {
  items: T[];
  page: number;
  pageSize: number;
  total: number;
}

export function offsetOf(pagination: Pagination): number {
  return (pagination.page - 1) * pagination.pageSize;
}

/** Schemas shared by several routes, and the building blocks of the OpenAPI document. */
import { z } from 'zod';

/** RFC 9457 problem details. */
export const problemDocument = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    instance: z.string().optional(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .meta({ id: 'Problem' });

export const partStatus = z.object({
  status: z.enum(['ok', 'down']),
  detail: z.string().optional(),
});

export const healthReport = z
  .object({
    status: z.enum(['ok', 'degraded']),
    time: z.iso.datetime(),
    parts: z.record(z.string(), partStatus),
  })
  .meta({ id: 'HealthReport' });
export type HealthReport = z.infer<typeof healthReport>;

/** The disclosure routes' schemas: a month's export (manifest, files and their integrity) and the list of months exported. */
import * as z from 'zod';
import { exportFileNames } from '../../core/disclosure-export';

export const disclosureMonthParams = z.object({ month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month is YYYY-MM') });
export const disclosureFileParams = disclosureMonthParams.extend({ name: z.enum(exportFileNames).meta({ description: 'The file of the month’s disclosure export, one of the names listed.' }) });

const sha256 = z.string().regex(/^[0-9a-f]{64}$/);

export const disclosureManifest = z
  .object({
    format: z.literal('p2p-disclosure/1').meta({ description: 'The manifest format’s name and version.' }),
    month: z.string(),
    asOf: z.string().describe('The month end (YYYY-MM-DD, Asia/Shanghai) the figures are as of'),
    files: z
      .array(z.object({ name: z.string().meta({ description: 'The file’s name within the month’s export.' }), contentType: z.string(), sha256, bytes: z.number().int().min(0) }))
      .meta({ description: 'Every file of the month’s export, with its digest.' }),
  })
  .meta({ id: 'DisclosureManifest', description: 'What a month’s disclosure export holds: each file and its SHA-256.' });

export const disclosureListing = z
  .object({
    disclosures: z.array(z.object({ month: z.string(), manifestSha256: sha256, indexedAt: z.iso.datetime(), manifest: disclosureManifest, url: z.string() })),
  })
  .meta({ id: 'DisclosureList' });

export const disclosureDetail = z
  .object({
    month: z.string(),
    manifestSha256: sha256,
    indexedAt: z.iso.datetime(),
    manifest: disclosureManifest,
    intact: z.boolean().describe('Every stored file (and the manifest) matches its recorded SHA-256 and length'),
    files: z.array(
      z.object({
        name: z.enum(exportFileNames),
        contentType: z.string(),
        sha256,
        bytes: z.number().int().min(0),
        intact: z.boolean(),
        url: z.string().describe('GET it with the same bearer token: /v1/disclosures/{month}/files/{name} (the same on AWS and the twin)'),
      }),
    ),
  })
  .meta({ id: 'DisclosureDetail' });

export const disclosureGenerated = z
  .object({ month: z.string(), outcome: z.enum(['created', 'existing']), manifest: disclosureManifest })
  .meta({ id: 'DisclosureGenerated' });

export const disclosureFile = z.string().meta({ id: 'DisclosureFile', description: 'One file of the export (CSV, JSON or HTML)', format: 'binary' });

export const fileUrl = (month: string, name: string): string => `/v1/disclosures/${month}/files/${name}`;

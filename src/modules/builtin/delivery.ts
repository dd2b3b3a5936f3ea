/**
 * The `delivery` module: the client report for a campaign (summary, detailed,
 * executive or raw data) and the delivery checklist that goes with it. Builds
 * on the approved intake, strategy, creatives and execution.
 */
import * as z from 'zod/mini';
import { defineModule } from '../define.js';
import { choice, preprocess, pythonStrip, text, textList } from '../fields.js';

/** Report types (the operator's Summary, Detailed, Executive, Raw Data, in lower case). */
export const REPORT_TYPES = ['summary', 'detailed', 'executive', 'raw data'] as const;

/** A report type, e.g. `executive`. */
export type ReportType = (typeof REPORT_TYPES)[number];

/** Export formats: the runner's PDF, CSV, JSON, Email and the tab's PPTX, ZIP, plus Markdown. */
export const EXPORT_FORMATS = ['pdf', 'pptx', 'csv', 'json', 'zip', 'email', 'markdown'] as const;

/** An export format, e.g. `pdf`. */
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** Operator modules whose approved work a delivery can include. */
export const DELIVERY_SECTIONS = ['intake', 'strategy', 'creatives', 'execution', 'monitoring'] as const;

/** A section of the delivery, e.g. `strategy`. */
export type DeliverySection = (typeof DELIVERY_SECTIONS)[number];

/** Lower case, Python-stripped, runs of spaces, `_` and `-` as one space: `Raw_Data` → `raw data`. */
function lowerWords(value: unknown): unknown {
  return typeof value === 'string'
    ? pythonStrip(value)
        .toLowerCase()
        .replace(/[\s_-]+/g, ' ')
    : value;
}

const reportTypeChoice = z._default(choice(REPORT_TYPES), 'summary');

/** The operator's capitalised spelling of each value: `raw data` → `Raw Data`. */
function titleCase(values: readonly string[]): string[] {
  return values.map((v) => v.replace(/\b[a-z]/g, (c) => c.toUpperCase()));
}

/**
 * `report_type` as sent: any case (`Summary`, `Raw Data`, `raw_data`); absent
 * or `null` is `summary`. The JSON Schema lists the lower-case values and the
 * operator's spellings.
 */
const reportType = preprocess<
  unknown,
  typeof reportTypeChoice,
  ReportType | 'Summary' | 'Detailed' | 'Executive' | 'Raw Data' | null | undefined
>((value) => (value === null ? undefined : lowerWords(value)), reportTypeChoice).register(z.globalRegistry, {
  enum: [...REPORT_TYPES, ...titleCase(REPORT_TYPES)],
});

const exportFormatChoice = choice(EXPORT_FORMATS);

/** `export_format` as sent: any case (`PDF`, `Email`), read in lower case. */
const exportFormat = preprocess<
  unknown,
  typeof exportFormatChoice,
  ExportFormat | 'PDF' | 'PPTX' | 'CSV' | 'JSON' | 'ZIP' | 'Email' | 'Markdown'
>(lowerWords, exportFormatChoice).register(z.globalRegistry, {
  enum: [...EXPORT_FORMATS, 'PDF', 'PPTX', 'CSV', 'JSON', 'ZIP', 'Email', 'Markdown'],
});

const sectionChoice = choice(DELIVERY_SECTIONS);
const section = preprocess<unknown, typeof sectionChoice, DeliverySection | Capitalize<DeliverySection>>(
  lowerWords,
  sectionChoice,
).register(z.globalRegistry, { enum: [...DELIVERY_SECTIONS, ...titleCase(DELIVERY_SECTIONS)] });

/** A result or target: a number or a non-blank text (`412`, `3.1%`, `38 GBP`), read as text. */
const metricValue = preprocess<unknown, ReturnType<typeof text>, string | number>(
  (value) => (typeof value === 'number' && Number.isFinite(value) ? String(value) : value),
  text(100),
).register(z.globalRegistry, { type: ['number', 'string'] });

/** One result to report, e.g. `{name: "Leads", value: 412, target: 400}`. */
const metric = z.strictObject(
  {
    /** What is measured, e.g. `Cost per lead`. */
    name: text(100),
    /** The result, e.g. `412`, `3.1%`, `38 GBP`. */
    value: metricValue,
    /** The target, same unit as `value`. */
    target: z.nullish(metricValue),
  },
  { error: 'must be an object {name, value, target?}' },
);

/** The `delivery` module (`POST /api/v1/delivery/generate`). */
export const deliveryModule = defineModule({
  name: 'delivery',
  description: 'A client report (summary, detailed, executive or raw data) and its delivery checklist.',
  input: z.object(
    {
      /** `summary`, `detailed`, `executive` or `raw data` (any case: `Summary`, `Raw Data`). @default 'summary' */
      report_type: reportType,
      /** Campaign the report covers, as the operator identifies it. */
      campaign_id: z.nullish(text(120)),
      /** `pdf`, `pptx`, `csv`, `json`, `zip`, `email` or `markdown` (any case: `PDF`, `Email`). */
      export_format: z.nullish(exportFormat),
      /** Client the report is for, e.g. `Northwind Dental`. */
      client_name: z.nullish(text(200)),
      /** Campaign name, e.g. `Spring Launch`. */
      campaign_name: z.nullish(text(200)),
      /** Period the report covers, e.g. `1-31 March 2026`. */
      period: z.nullish(text(100)),
      /** 1 to 5 modules whose approved work is included (any case). @default ['intake', 'strategy', 'creatives', 'execution'] */
      sections: z.nullish(
        z.array(section, { error: 'must be an array of sections' }).check(
          z.minLength(1, { error: 'must list at least one section' }),
          z.maxLength(DELIVERY_SECTIONS.length, {
            error: `must list at most ${DELIVERY_SECTIONS.length} sections`,
          }),
        ),
      ),
      /** Up to 30 results, e.g. `[{name: "Leads", value: 412, target: 400}]`. */
      metrics: z.nullish(
        z
          .array(metric, { error: 'must be an array of metrics' })
          .check(z.maxLength(30, { error: 'must list at most 30 metrics' })),
      ),
      /** 1 to 10 highlights to lead with, e.g. `["Cost per lead down 18%"]`. */
      highlights: z.nullish(textList(10, 300, 'highlight')),
      /** Agency named on the report, e.g. `Acme Marketing`. */
      agency_name: z.nullish(text(200)),
      /** Anything else the report should say (next steps, caveats). */
      notes: z.nullish(text(2000)),
      /** Free-form brief, as the Python operator sends it. */
      brief: z.nullish(text(4000)),
    },
    { error: 'the delivery request must be a JSON object' },
  ),
  deliverables: [
    { kind: 'client_report', title: 'Client report (summary, detailed, executive or raw data)' },
    { kind: 'delivery_checklist', title: 'Delivery checklist' },
  ],
  upstream: ['intake', 'strategy', 'creatives', 'execution'],
  example: {
    report_type: 'summary',
    campaign_id: 'cmp-2026-spring',
    export_format: 'pdf',
    client_name: 'Northwind Dental',
    campaign_name: 'Spring Launch',
    period: '1-31 March 2026',
    metrics: [
      { name: 'Leads', value: 412, target: 400 },
      { name: 'Cost per lead', value: '38 GBP', target: '35 GBP' },
    ],
  },
});

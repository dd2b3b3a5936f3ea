/**
 * The `intake` module: the client brief that every later module builds on
 * (the operator's Intake tab and its `run_intake_step`).
 */
import * as z from 'zod/mini';
import { defineModule } from '../define.js';
import { choice, text, textList, textOrList, texts, wholeNumber } from '../fields.js';

/** The operator's `context_data` for a hiring objective. */
const hiringContext = z.strictObject(
  {
    /** Employer value proposition, in a sentence or two. */
    evp_statement: z.nullish(text(1000)),
    /** Roles being hired, e.g. `["Backend engineers", "Account executives"]`. */
    role_types: z.nullish(textOrList(20, 200)),
    /** Where the roles are, e.g. `Berlin, remote (EU)`. */
    hiring_locations: z.nullish(textOrList(20, 200)),
    /** Anything else about the employer brand. */
    employer_brand_notes: z.nullish(text(2000)),
  },
  { error: 'must be an object' },
);

/** The operator's `context_data` for an e-commerce client. */
const ecommerceContext = z.strictObject(
  {
    /** Link to the product catalogue. */
    product_catalog_url: z.nullish(text(500)),
    /** Best-selling products or SKUs. */
    top_skus: z.nullish(textOrList(30, 200)),
    /** Margin notes, e.g. `40-55% gross`. */
    margins: z.nullish(text(500)),
  },
  { error: 'must be an object' },
);

/** The operator's `context_data` for a services business. */
const servicesContext = z.strictObject(
  {
    /** Link to the services deck. */
    service_deck_link: z.nullish(text(500)),
    /** Areas served, e.g. `Greater Manchester`. */
    service_areas: z.nullish(textOrList(30, 200)),
    /** Booking or contact link. */
    booking_link: z.nullish(text(500)),
  },
  { error: 'must be an object' },
);

/** The `intake` module (`POST /api/v1/intake/generate`): a confirmed client brief. */
export const intakeModule = defineModule({
  name: 'intake',
  description:
    'Confirms a client intake as a structured client brief, with the gaps to close before strategy.',
  input: z.object(
    {
      /** Client or brand name, e.g. `Northwind Dental`. */
      client_name: text(200),
      /** Client website, e.g. `https://northwind.example`. */
      website: text(500),
      /** Industry, in the client's words, e.g. `Healthcare` or `B2B SaaS`. */
      industry: text(200),
      /** Where the client sells, e.g. `UK and Ireland`. */
      geography: text(300),
      /** The main product or service to market. */
      primary_offer: text(1000),
      /** The main objective, e.g. `Lead Generation`, `Brand Awareness`, `Hiring`, `Product Launch`, `Sales`. */
      objective: text(200),
      /** Time zone of the client's team, e.g. `America/New_York`. */
      timezone: z.nullish(text(64)),
      /** Output languages, e.g. `["English", "Spanish"]`. */
      languages: z.nullish(texts(10, 40)),
      /** Who buys, e.g. `practice managers at 2-10 chair dental clinics`. */
      target_audience: z.nullish(text(1000)),
      /** What hurts the audience today. */
      pain_points: z.nullish(text(2000)),
      /** What the client wants the marketing to achieve. */
      desired_outcomes: z.nullish(text(2000)),
      /** Prices or pricing model, e.g. `from 49 GBP a month`. */
      pricing: z.nullish(text(1000)),
      /** How the client makes money. */
      revenue_streams: z.nullish(text(1000)),
      /** Unit economics, e.g. `CAC 120 GBP, LTV 1,400 GBP`. */
      unit_economics: z.nullish(text(1000)),
      /** The main growth bottleneck. */
      growth_bottleneck: z.nullish(
        choice([
          'Unknown',
          'Lead Generation',
          'Sales Conversion',
          'Product-Market Fit',
          'Retention',
          'Operations',
        ]),
      ),
      /** What sets the client apart. */
      differentiators: z.nullish(text(2000)),
      /** Appetite for bold claims and tactics. */
      risk_tolerance: z.nullish(choice(['Conservative', 'Moderate', 'Aggressive'])),
      /** Regulatory or legal limits, e.g. `no outcome guarantees (GDC rules)`. */
      compliance_notes: z.nullish(text(2000)),
      /** Brand voice, e.g. `warm, plain-spoken, expert`. */
      tone_voice: z.nullish(text(500)),
      /** Case studies, reviews, awards and other proof the client can show. */
      proof_assets: z.nullish(text(2000)),
      /** KPI targets, e.g. `60 booked consultations a month`. */
      kpi_targets: z.nullish(text(1000)),
      /** Budget range, e.g. `3,000-5,000 GBP a month`. */
      budget_range: z.nullish(text(200)),
      /** First day of the engagement, e.g. `2026-01-05`. */
      timeline_start: z.nullish(text(40)),
      /** Engagement length in weeks, 1 to 52 (the operator's form suggests 12). */
      duration_weeks: z.nullish(wholeNumber(1, 52)),
      /** Extra context for hiring, e-commerce or services clients. */
      context_data: z.nullish(
        z.strictObject(
          {
            /** Hiring context (objective `Hiring`). */
            hiring: z.nullish(hiringContext),
            /** E-commerce context. */
            ecommerce: z.nullish(ecommerceContext),
            /** Services context. */
            services: z.nullish(servicesContext),
          },
          { error: 'must be an object' },
        ),
      ),
      /** What the client expects to receive, and how often. */
      delivery_requirements: z.nullish(
        z.strictObject(
          {
            /** A PDF report. */
            pdf: z.nullish(z.boolean({ error: 'must be true or false' })),
            /** A slide deck. */
            pptx: z.nullish(z.boolean({ error: 'must be true or false' })),
            /** A zip of the assets. */
            zip: z.nullish(z.boolean({ error: 'must be true or false' })),
            /** Delivery cadence. */
            frequency: z.nullish(choice(['One-time', 'Weekly', 'Monthly'])),
          },
          { error: 'must be an object' },
        ),
      ),
      /** Name of the client-side contact (the seed guide's `name`). */
      contact_name: z.nullish(text(200)),
      /** Email of the client-side contact (the seed guide's `email`, the backend's `client_email`). */
      client_email: z.nullish(text(254)),
      /** Job ids to plan per module, e.g. `{ strategy_jobs: ["positioning"] }`. */
      generation_plan: z.nullish(
        z.strictObject(
          {
            /** Strategy job ids, e.g. `icp_definition`, `positioning`. */
            strategy_jobs: z.nullish(textList(20, 80, 'job id')),
            /** Creatives job ids, e.g. `carousel_templates`. */
            creatives_jobs: z.nullish(textList(20, 80, 'job id')),
            /** Execution job ids, e.g. `linkedin_posts_week1`. */
            execution_jobs: z.nullish(textList(20, 80, 'job id')),
            /** Monitoring job ids, e.g. `tracking_checklist`. */
            monitoring_jobs: z.nullish(textList(20, 80, 'job id')),
            /** Delivery job ids, e.g. `pdf_report`. */
            delivery_jobs: z.nullish(textList(20, 80, 'job id')),
          },
          { error: 'must be an object' },
        ),
      ),
      /** Free-form brief, as the Python operator sends it. */
      brief: z.nullish(text(4000)),
    },
    { error: 'the intake request must be a JSON object' },
  ),
  example: {
    client_name: 'Northwind Dental',
    website: 'https://northwind-dental.example',
    industry: 'Healthcare',
    geography: 'Greater Manchester, UK',
    primary_offer: 'Invisible aligners with same-week 3D scans',
    objective: 'Lead Generation',
    target_audience: 'Busy professionals aged 25-45',
    pain_points: 'Worried about cost and visible braces',
    tone_voice: 'warm, expert, plain-spoken',
    duration_weeks: 12,
  },
  deliverables: [{ kind: 'client_brief', title: 'Client brief (intake confirmation)' }],
});

/**
 * The `intake` module: the client brief that every later module builds on
 * (the operator's Intake tab and its `run_intake_step`).
 */
import * as z from 'zod';
import { defineModule } from '../define.js';
import { choice, text, textList, textOrList, texts, wholeNumber } from '../fields.js';

/** The operator's `context_data` for a hiring objective. */
const hiringContext = z.strictObject(
  {
    /** Employer value proposition, in a sentence or two. */
    evp_statement: text(1000).nullish(),
    /** Roles being hired, e.g. `["Backend engineers", "Account executives"]`. */
    role_types: textOrList(20, 200).nullish(),
    /** Where the roles are, e.g. `Berlin, remote (EU)`. */
    hiring_locations: textOrList(20, 200).nullish(),
    /** Anything else about the employer brand. */
    employer_brand_notes: text(2000).nullish(),
  },
  { error: 'must be an object' },
);

/** The operator's `context_data` for an e-commerce client. */
const ecommerceContext = z.strictObject(
  {
    /** Link to the product catalogue. */
    product_catalog_url: text(500).nullish(),
    /** Best-selling products or SKUs. */
    top_skus: textOrList(30, 200).nullish(),
    /** Margin notes, e.g. `40-55% gross`. */
    margins: text(500).nullish(),
  },
  { error: 'must be an object' },
);

/** The operator's `context_data` for a services business. */
const servicesContext = z.strictObject(
  {
    /** Link to the services deck. */
    service_deck_link: text(500).nullish(),
    /** Areas served, e.g. `Greater Manchester`. */
    service_areas: textOrList(30, 200).nullish(),
    /** Booking or contact link. */
    booking_link: text(500).nullish(),
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
      timezone: text(64).nullish(),
      /** Output languages, e.g. `["English", "Spanish"]`. */
      languages: texts(10, 40).nullish(),
      /** Who buys, e.g. `practice managers at 2-10 chair dental clinics`. */
      target_audience: text(1000).nullish(),
      /** What hurts the audience today. */
      pain_points: text(2000).nullish(),
      /** What the client wants the marketing to achieve. */
      desired_outcomes: text(2000).nullish(),
      /** Prices or pricing model, e.g. `from 49 GBP a month`. */
      pricing: text(1000).nullish(),
      /** How the client makes money. */
      revenue_streams: text(1000).nullish(),
      /** Unit economics, e.g. `CAC 120 GBP, LTV 1,400 GBP`. */
      unit_economics: text(1000).nullish(),
      /** The main growth bottleneck. */
      growth_bottleneck: choice([
        'Unknown',
        'Lead Generation',
        'Sales Conversion',
        'Product-Market Fit',
        'Retention',
        'Operations',
      ]).nullish(),
      /** What sets the client apart. */
      differentiators: text(2000).nullish(),
      /** Appetite for bold claims and tactics. */
      risk_tolerance: choice(['Conservative', 'Moderate', 'Aggressive']).nullish(),
      /** Regulatory or legal limits, e.g. `no outcome guarantees (GDC rules)`. */
      compliance_notes: text(2000).nullish(),
      /** Brand voice, e.g. `warm, plain-spoken, expert`. */
      tone_voice: text(500).nullish(),
      /** Case studies, reviews, awards and other proof the client can show. */
      proof_assets: text(2000).nullish(),
      /** KPI targets, e.g. `60 booked consultations a month`. */
      kpi_targets: text(1000).nullish(),
      /** Budget range, e.g. `3,000-5,000 GBP a month`. */
      budget_range: text(200).nullish(),
      /** First day of the engagement, e.g. `2026-01-05`. */
      timeline_start: text(40).nullish(),
      /** Engagement length in weeks, 1 to 52 (the operator's form suggests 12). */
      duration_weeks: wholeNumber(1, 52).nullish(),
      /** Extra context for hiring, e-commerce or services clients. */
      context_data: z
        .strictObject(
          {
            /** Hiring context (objective `Hiring`). */
            hiring: hiringContext.nullish(),
            /** E-commerce context. */
            ecommerce: ecommerceContext.nullish(),
            /** Services context. */
            services: servicesContext.nullish(),
          },
          { error: 'must be an object' },
        )
        .nullish(),
      /** What the client expects to receive, and how often. */
      delivery_requirements: z
        .strictObject(
          {
            /** A PDF report. */
            pdf: z.boolean({ error: 'must be true or false' }).nullish(),
            /** A slide deck. */
            pptx: z.boolean({ error: 'must be true or false' }).nullish(),
            /** A zip of the assets. */
            zip: z.boolean({ error: 'must be true or false' }).nullish(),
            /** Delivery cadence. */
            frequency: choice(['One-time', 'Weekly', 'Monthly']).nullish(),
          },
          { error: 'must be an object' },
        )
        .nullish(),
      /** Name of the client-side contact (the seed guide's `name`). */
      contact_name: text(200).nullish(),
      /** Email of the client-side contact (the seed guide's `email`, the backend's `client_email`). */
      client_email: text(254).nullish(),
      /** Job ids to plan per module, e.g. `{ strategy_jobs: ["positioning"] }`. */
      generation_plan: z
        .strictObject(
          {
            /** Strategy job ids, e.g. `icp_definition`, `positioning`. */
            strategy_jobs: textList(20, 80, 'job id').nullish(),
            /** Creatives job ids, e.g. `carousel_templates`. */
            creatives_jobs: textList(20, 80, 'job id').nullish(),
            /** Execution job ids, e.g. `linkedin_posts_week1`. */
            execution_jobs: textList(20, 80, 'job id').nullish(),
            /** Monitoring job ids, e.g. `tracking_checklist`. */
            monitoring_jobs: textList(20, 80, 'job id').nullish(),
            /** Delivery job ids, e.g. `pdf_report`. */
            delivery_jobs: textList(20, 80, 'job id').nullish(),
          },
          { error: 'must be an object' },
        )
        .nullish(),
      /** Free-form brief, as the Python operator sends it. */
      brief: text(4000).nullish(),
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

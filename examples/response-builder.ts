/**
 * ResponseEnvelope v2 with the fluent ResponseBuilder: a mission proposal, a
 * report with a table and a chart, and a clarification request. Each is
 * validated (the builder validates too) and printed as markdown. When data is
 * too heavy for an envelope, the builder says so and a file_reference carries it.
 *
 *   npx tsx examples/response-builder.ts
 */
import {
  isResponseValidationError,
  ResponseBuilder,
  type ResponseEnvelope,
  toMarkdown,
  validateResponseEnvelope,
} from '../src/response/index.js';

// 1. A mission proposal: the agent proposes, the user approves.
const mission = {
  mission_id: 'mission-7f3a',
  status: 'proposed',
  objective_type: 'extract',
  objective_description: 'Collect 50 customer quotes about the spring campaign from public reviews',
} as const;

const proposal = new ResponseBuilder()
  .type('artifact_bundle')
  .summary('I can collect 50 customer quotes for the spring campaign. Review the mission below.')
  .metadata('intent_classification', 'execute')
  .confidence(0.82)
  .addMissionDraft('Mission Proposal', { ...mission, estimated_minutes: 12, budget_usd: 0.4 })
  .addMission(mission)
  .addSignal({
    signal_type: 'navigation_intent',
    signal_layer: 'intent',
    signal_source: 'goal_evaluator',
    summary: 'User asked for social proof',
  })
  .uiHints({
    priority: 'normal',
    color_scheme: 'info',
    icon: 'clipboard',
    suggested_actions: ['Approve', 'Reject'],
  })
  .build();

// 2. A report: what the mission found, as a table and a chart, plus the full export by reference.
const quotes = [
  ['Ana P.', 'Lisbon', 5, 'Fits like a glove | ordered a second pair'],
  ['Ben K.', 'Berlin', 4, 'Great grip on wet roads'],
  ['Chloé D.', 'Lyon', 5, 'Finally a light shoe that lasts'],
] as const;

const report = new ResponseBuilder()
  .type('report')
  .summary('Mission completed: 50 quotes collected, 92 % positive.')
  .metadata('mission_id', mission.mission_id)
  .metadata('mission_duration_ms', 45_500)
  .metadata('items_collected', 50)
  .confidence(0.9)
  .addTable('Top quotes', ['Customer', 'City', 'Stars', 'Quote'] as const, quotes)
  .addChart('Sentiment by week', 'bar', {
    labels: ['W1', 'W2', 'W3', 'W4'],
    series: [
      { name: 'Positive', values: [10, 12, 11, 13] },
      { name: 'Negative', values: [1, 2, 0, 1] },
    ],
    x_label: 'Week',
    unit: 'quotes',
  })
  .addFileReference('All 50 quotes', '/outputs/quotes.csv', 'csv', { sizeBytes: 18_432 })
  .build();

// 3. A clarification request: the agent is blocked until the user answers.
const clarification = ResponseBuilder.clarification('Which markets should the campaign target first?', [
  'EMEA',
  'North America',
  'APAC',
]).build();

for (const [name, envelope] of [
  ['mission proposal', proposal],
  ['report', report],
  ['clarification request', clarification],
] as Array<[string, ResponseEnvelope]>) {
  const wire = JSON.parse(JSON.stringify(envelope)); // what a UI receives
  const { valid, errors } = validateResponseEnvelope(wire);
  if (!valid) throw new Error(`${name} did not validate: ${errors.join('; ')}`);
  console.log(`\n===== ${name} (${envelope.response_type}, status ${envelope.metadata.status}) =====\n`);
  console.log(toMarkdown(envelope));
}

// Heavy data is refused with a hint to reference a file instead.
const rows = Array.from({ length: process.env.AICMO_EXAMPLE_SMOKE ? 1001 : 5000 }, (_, i) => [i, `row ${i}`]);
try {
  new ResponseBuilder().summary('Everything').addTable('All rows', ['#', 'Value'], rows).build();
} catch (error) {
  if (!isResponseValidationError(error)) throw error;
  console.log(`Refused as expected (${error.code}):\n  ${error.issues.join('\n  ')}`);
}

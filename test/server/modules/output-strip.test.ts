import { describe, expect, it } from 'vitest';
import { pythonStrip } from '../../../src/internal/index.js';
import { ProviderChain, stubProvider } from '../../../src/providers/index.js';
import { BUILTIN_MODULE_HANDLERS, runModule } from '../../../src/server/modules/index.js';

describe("model output is stripped as Python's str.strip() strips it", () => {
  it('pythonStrip keeps U+FEFF and removes U+0085, U+001C–U+001F and the usual whitespace', () => {
    expect(pythonStrip('\uFEFF text \uFEFF')).toBe('\uFEFF text \uFEFF');
    expect(pythonStrip('\u0085\u001c\u001f\t text\n\u3000')).toBe('text');
    expect(pythonStrip(' \n ')).toBe('');
    expect(pythonStrip('as is')).toBe('as is');
  });

  it('content_markdown keeps a U+FEFF at its ends and loses U+0085 and U+001C around the text', async () => {
    const text = '\u0085\uFEFF# Strategy\n\nGrow.\uFEFF\u001c\n';
    const chain = new ProviderChain({ providers: [stubProvider({ text })] });
    const envelope = await runModule(
      BUILTIN_MODULE_HANDLERS.strategy,
      { campaign_name: 'Spring Launch' },
      chain,
    );
    expect(envelope.deliverables[0]?.content_markdown).toBe('\uFEFF# Strategy\n\nGrow.\uFEFF\n');
  });

  it('output of U+0085 and U+001C–U+001F only is blank: the deliverable fails as EMPTY_OUTPUT', async () => {
    const chain = new ProviderChain({
      providers: [stubProvider({ text: '\u0085\u001c\u001d\u001e\u001f' })],
    });
    const envelope = await runModule(
      BUILTIN_MODULE_HANDLERS.strategy,
      { campaign_name: 'Spring Launch' },
      chain,
    );
    expect(envelope.status).toBe('FAILED');
    expect(envelope.error?.type).toBe('EMPTY_OUTPUT');
  });
});

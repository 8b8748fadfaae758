import { describe, expect, it } from 'vitest';
import { templateEngine } from '../../../domain/templates/liquid-engine.ts';
import { tryRenderTemplate } from '../../../domain/templates/render-template.ts';
import { sampleScope } from '../../../domain/templates/template-kinds.ts';
import { validateTemplate } from '../../../domain/templates/validate-template.ts';

const LINK = '{{ quote.url }}';

async function codes(source: string): Promise<string[]> {
  return (await validateTemplate('email.quote-sent.body', source)).map((problem) => problem.code);
}

describe('firm-edited templates cannot escape the sandbox', () => {
  it('refuses {{ constructor }} when saving and renders nothing for it', async () => {
    expect(await codes(`{{ constructor }} ${LINK}`)).toEqual(['unknown_variable']);

    const outcome = await tryRenderTemplate('email.quote-sent.body', `{{ constructor }} ${LINK}`, sampleScope('email.quote-sent.body'));
    expect(outcome).toMatchObject({ ok: false, problems: [{ code: 'unknown_variable', variable: 'constructor' }] });
  });

  it('refuses prototype access, whatever the spelling', async () => {
    for (const source of ['{{ firm.__proto__ }}', '{{ firm.constructor }}', '{{ firm["constructor"] }}', '{{ firm.name.constructor }}']) {
      expect(await codes(`${source} ${LINK}`), source).toEqual(['unknown_variable']);
    }
    // A key computed at render time is not visible to the static check; ownPropertyOnly stops it.
    expect(await codes(`{% assign key = "constructor" %}{{ firm[key] }} ${LINK}`)).toEqual(['unknown_variable']);
    await expect(templateEngine.parseAndRender('{{ x.__proto__ }}{{ x.constructor.name }}', { x: {} })).rejects.toThrow(/undefined variable/);
  });

  it('refuses a filter that does not exist, such as {{ "a" | constructor }}', async () => {
    const problems = await validateTemplate('email.quote-sent.body', `{{ "a" | constructor }} ${LINK}`);
    expect(problems).toMatchObject([{ code: 'unknown_filter', line: 1, column: 1 }]);
  });

  it('refuses the tags that load other templates or files: include, render and layout', async () => {
    for (const source of ["{% include 'file' %}", "{% render '/etc/passwd' %}", "{% layout 'base' %}", '{% include file %}']) {
      const problems = await validateTemplate('email.quote-sent.body', `${LINK}\n${source}`);
      expect(problems, source).toMatchObject([{ code: 'forbidden_tag', line: 2 }]);
    }
  });

  it('has no file system behind the engine, even through its file API', async () => {
    await expect(templateEngine.renderFile('/etc/passwd')).rejects.toThrow(/Failed to lookup/);
    await expect(templateEngine.renderFile('package.json')).rejects.toThrow(/Failed to lookup/);
  });

  it('stops a runaway loop with the memory limit, quickly', async () => {
    const started = Date.now();
    const problems = await validateTemplate('email.quote-sent.body', `${LINK}{% for i in (1..100000000) %}{{ i }}{% endfor %}`);
    expect(problems).toMatchObject([{ code: 'limit_exceeded' }]);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('stops nested loops with the render limit', async () => {
    const problems = await validateTemplate('email.quote-sent.body', `${LINK}{% for i in (1..2000) %}{% for j in (1..2000) %}x{% endfor %}{% endfor %}`);
    expect(problems).toMatchObject([{ code: 'limit_exceeded' }]);
  });

  it('stops a string that doubles itself with the memory limit', async () => {
    const problems = await validateTemplate(
      'email.quote-sent.body',
      `${LINK}{% assign s = "0123456789" %}{% for i in (1..40) %}{% assign s = s | append: s %}{% endfor %}{{ s.size }}`,
    );
    expect(problems).toMatchObject([{ code: 'limit_exceeded' }]);
  });

  it('refuses a text longer than its kind allows before parsing it', async () => {
    expect(await codes(`${LINK}${'x'.repeat(10_001)}`)).toEqual(['too_long']);
  });
});

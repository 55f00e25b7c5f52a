// The words around a withheld figure and a quoted text, as the web app composes them: "withheld" said
// once before the reason (lib/labels.ts), and a person's words in the reader's quotation marks (common:quoted,
// used by ChangeList and the review desk's comment threads).
import { beforeAll, describe, expect, it } from 'vitest';
import i18next from 'i18next';
import { withheldLabel, withheldReason } from '../../client/src/lib/labels.ts';
import enCommon from '../../client/src/locales/en/common.json' with { type: 'json' };
import frCommon from '../../client/src/locales/fr/common.json' with { type: 'json' };
import esCommon from '../../client/src/locales/es/common.json' with { type: 'json' };

beforeAll(async () => {
  await i18next.init({
    lng: 'en',
    resources: { en: { common: enCommon }, fr: { common: frCommon }, es: { common: esCommon } },
    interpolation: { escapeValue: false },
  });
});

describe('withheld and quoted words', () => {
  it.each([
    ['en', 'Withheld: a protected figure could otherwise be worked out from the others'],
    ['fr', 'Masqué\u00a0: sinon, un chiffre protégé pourrait être déduit des autres'],
    ['es', 'Oculto: de lo contrario, una cifra protegida podría deducirse de las demás'],
  ])('says "withheld" once before the reason in %s', async (language, expected) => {
    await i18next.changeLanguage(language);
    expect(withheldLabel(i18next.t, 'complement')).toBe(expected);
    // It read "Withheld: withheld: fewer than 5 organisations…".
    for (const reason of ['fewer_than_5', 'not_published_individually', 'dominance', 'complement'] as const)
      expect(withheldLabel(i18next.t, reason)).not.toMatch(/withheld.*withheld|masqu.*masqu|ocult.*ocult/i);
    expect(withheldLabel(i18next.t, 'dominance')).toContain(withheldReason(i18next.t, 'dominance'));
  });

  it.each([
    ['en', '“Trained 40 staff”'],
    ['fr', '«\u00a0Trained 40 staff\u00a0»'],
    ['es', '«Trained 40 staff»'],
  ])('quotes a person’s words in the marks of %s (ChangeList, the review desk’s comments)', async (language, expected) => {
    await i18next.changeLanguage(language);
    expect(i18next.t('common:quoted', { text: 'Trained 40 staff' })).toBe(expected);
  });
});

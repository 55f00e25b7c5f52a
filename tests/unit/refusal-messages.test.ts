// The web app says why the server refused in the reader's language, from the refusal's code and
// parameters (error.data.refusal), never from the English sentence; in English it shows the server's own.
import { beforeAll, describe, expect, it } from 'vitest';
import i18next from 'i18next';
import { TRPCClientError } from '@trpc/client';
import { refusal } from '@lpt/shared/messages';
import { errorMessageOf } from '../../client/src/lib/trpc.ts';
import frCommon from '../../client/src/locales/fr/common.json' with { type: 'json' };
import frValidation from '../../client/src/locales/fr/validation.json' with { type: 'json' };
import esCommon from '../../client/src/locales/es/common.json' with { type: 'json' };
import esValidation from '../../client/src/locales/es/validation.json' with { type: 'json' };

function refused(code: string, r: ReturnType<typeof refusal> | null) {
  return TRPCClientError.from({
    error: {
      message: r?.message ?? 'Conflict',
      code: -32009,
      data: { code, httpStatus: 409, path: 'x', fieldErrors: null, issues: null, refusal: r ? { code: r.code, params: r.params } : null },
    },
  });
}

beforeAll(async () => {
  await i18next.init({
    lng: 'fr',
    resources: { fr: { common: frCommon, validation: frValidation }, es: { common: esCommon, validation: esValidation } },
    interpolation: { escapeValue: false },
  });
});

describe('a refusal in the reader’s language', () => {
  it('words a closed cycle in French with its year', async () => {
    await i18next.changeLanguage('fr');
    expect(errorMessageOf(refused('FORBIDDEN', refusal('cycle_closed', { year: 2024 })))).toBe(
      'Le cycle de rapport 2024 est clos : il n’accepte plus de modifications',
    );
  });

  it('names the report status in Spanish, not its code', async () => {
    await i18next.changeLanguage('es');
    const message = errorMessageOf(refused('CONFLICT', refusal('review_needs_submitted', { status: 'draft' })));
    expect(message).toContain(`«${esCommon.reportStatus.draft}»`);
    expect(message).not.toContain('draft');
  });

  it('picks the plural of a sign-in limit', async () => {
    await i18next.changeLanguage('fr');
    expect(errorMessageOf(refused('TOO_MANY_REQUESTS', refusal('sign_in_limited', { count: 1 })))).toMatch(/1 minute$/);
    expect(errorMessageOf(refused('TOO_MANY_REQUESTS', refusal('sign_in_limited', { count: 12 })))).toMatch(/12 minutes$/);
  });

  it('names the organisation a look-alike name resembles, in French and Spanish', async () => {
    const lookAlike = refused('CONFLICT', refusal('organization_name_looks_like', { name: 'Pamoja Horizons Trust' }));
    await i18next.changeLanguage('fr');
    expect(errorMessageOf(lookAlike)).toContain('«\u00a0Pamoja Horizons Trust\u00a0»');
    await i18next.changeLanguage('es');
    expect(errorMessageOf(lookAlike)).toContain('«Pamoja Horizons Trust»');
  });

  it('falls back to the error kind when the server names no refusal', async () => {
    await i18next.changeLanguage('fr');
    expect(errorMessageOf(refused('CONFLICT', null))).toBe(frCommon.apiError.conflict);
  });
});

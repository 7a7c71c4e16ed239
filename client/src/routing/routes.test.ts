import { describe, expect, it } from 'vitest';
import { parseRoute } from './routes';

const ID = 'AbCdEfGhIjKlMnOpQrStUvWx_-012345';

describe('parseRoute', () => {
  it('routes home, edit and view pages', () => {
    expect(parseRoute('/')).toEqual({ kind: 'home' });
    expect(parseRoute(`/b/${ID}`)).toEqual({ kind: 'board', roomId: ID, role: 'editor' });
    expect(parseRoute(`/v/${ID}/`)).toEqual({ kind: 'board', roomId: ID, role: 'viewer' });
  });

  it('refuses ids that break the id rules and unknown paths', () => {
    expect(parseRoute('/b/short')).toEqual({ kind: 'not-found' });
    expect(parseRoute(`/b/${ID}!`)).toEqual({ kind: 'not-found' });
    expect(parseRoute(`/x/${ID}`)).toEqual({ kind: 'not-found' });
    expect(parseRoute(`/b/${ID}/extra`)).toEqual({ kind: 'not-found' });
  });
});

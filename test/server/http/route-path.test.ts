import { describe, expect, it } from 'vitest';
import {
  hasDotSegment,
  normaliseBasePath,
  rawPathOf,
  routeTarget,
} from '../../../src/server/http/route-path.js';

describe('route paths', () => {
  it('finds dot segments raw, percent-encoded in any case, and split on backslashes', () => {
    for (const path of ['/a/../b', '/a/./b', '/a/%2e%2E/b', '/a/%2E/b', '/a\\..\\b', '/..', '/a/..']) {
      expect(hasDotSegment(path), path).toBe(true);
    }
    for (const path of ['/a/b', '/a/..b/c', '/a/.well-known', '/a/%2e%2e%2f', '/']) {
      expect(hasDotSegment(path), path).toBe(false);
    }
  });

  it('takes the path as sent from origin-form and absolute-form targets, without query or fragment', () => {
    expect(rawPathOf('/api/%2e%2e/x?y=1')).toBe('/api/%2e%2e/x');
    expect(rawPathOf('http://h.example:8000/api/../x#f')).toBe('/api/../x');
    expect(rawPathOf('https://h.example')).toBe('/');
    expect(rawPathOf('*')).toBe('/*');
  });

  it('routes under a base path and nowhere else', () => {
    expect(routeTarget('http://h/aicmo/health/', '/aicmo')).toEqual({ kind: 'path', path: '/health' });
    expect(routeTarget('http://h/aicmo', '/aicmo')).toEqual({ kind: 'path', path: '/' });
    expect(routeTarget('http://h/aicmohealth', '/aicmo')).toEqual({ kind: 'outside' });
    expect(routeTarget('http://h/health')).toEqual({ kind: 'path', path: '/health' });
    expect(routeTarget('http://h/aicmo/%2e%2e/health', '/aicmo')).toEqual({ kind: 'traversal' });
  });

  it('normalises a base path and refuses one that is not a plain path', () => {
    expect(normaliseBasePath(undefined)).toBe('');
    expect(normaliseBasePath('/')).toBe('');
    expect(normaliseBasePath('/api/aicmo/')).toBe('/api/aicmo');
    for (const bad of ['api', '/a/../b', '/a?x=1', '/a b']) {
      expect(() => normaliseBasePath(bad), bad).toThrow(RangeError);
    }
  });
});

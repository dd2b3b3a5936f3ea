import { formatBytes, type ResponseLimits, USE_FILE_REFERENCE } from './limits.js';

/** One problem found by {@link checkPureData}. @internal */
export interface PathIssue {
  path: PropertyKey[];
  message: string;
}

/** What {@link checkPureData} found. @internal */
export interface PurityReport {
  issues: PathIssue[];
  /** True when the walk stopped early (too large, or too many problems). */
  stopped: boolean;
  /** Serialized size in bytes (exact when the walk finished). */
  bytes: number;
}

/** The walk stops after this many problems. @internal */
export const MAX_ISSUES = 100;

/** Hard recursion cap, whatever `maxDepth` says (keeps the walk off the call-stack limit). */
const DEPTH_CAP = 2000;

class Stop {
  constructor(readonly kind: 'envelope' | 'artifact' | 'issues') {}
}

/**
 * UTF-8 byte length of `JSON.stringify(s)`, quotes included, computed without
 * building the string. @internal
 */
export function jsonStringBytes(s: string): number {
  let n = 2;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) {
      if (c === 0x22 || c === 0x5c) n += 2;
      else if (c >= 0x20) n += 1;
      else n += c === 8 || c === 9 || c === 10 || c === 12 || c === 13 ? 2 : 6;
    } else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n += 4;
        i++;
      } else n += 6;
    } else if (c >= 0xdc00 && c <= 0xdfff) n += 6;
    else n += 3;
  }
  return n;
}

function describeInstance(proto: object): string {
  if (proto === Date.prototype) return 'is a Date; use an ISO 8601 string such as 2026-02-07T14:50:41Z';
  if (proto === Map.prototype || proto === Set.prototype) {
    return `is a ${proto === Map.prototype ? 'Map' : 'Set'}; use a plain object or array`;
  }
  let name = 'class';
  try {
    const ctor = (proto as { constructor?: unknown }).constructor;
    if (typeof ctor === 'function' && typeof ctor.name === 'string' && ctor.name) name = ctor.name;
  } catch {
    // keep the generic name
  }
  return `is an instance of ${name}; responses are pure data: use plain objects, arrays, strings, numbers, booleans and null`;
}

class Walker {
  readonly issues: PathIssue[] = [];
  readonly path: PropertyKey[] = [];
  readonly ancestors = new Set<object>();
  bytes = 0;
  /** Byte count at which the current walk must stop. */
  budget: number;
  budgetKind: 'envelope' | 'artifact' = 'envelope';
  stopped = false;

  constructor(readonly limits: ResponseLimits) {
    this.budget = limits.maxEnvelopeBytes;
  }

  issue(message: string, key?: PropertyKey): void {
    const path = key === undefined ? [...this.path] : [...this.path, key];
    this.issues.push({ path, message });
    if (this.issues.length >= MAX_ISSUES) throw new Stop('issues');
  }

  add(n: number): void {
    this.bytes += n;
    if (this.bytes > this.budget) throw new Stop(this.budgetKind);
  }

  value(v: unknown, depth: number): void {
    switch (typeof v) {
      case 'string':
        if (this.bytes + v.length + 2 > this.budget) throw new Stop(this.budgetKind);
        this.add(jsonStringBytes(v));
        return;
      case 'number':
        if (!Number.isFinite(v)) {
          this.issue(`is ${v}; JSON has no such number (use null, or a string such as "${v}")`);
          this.add(4);
        } else this.add(String(v).length);
        return;
      case 'boolean':
        this.add(v ? 4 : 5);
        return;
      case 'undefined':
        this.issue('is undefined; use null or leave the key out');
        return;
      case 'function':
        this.issue('is a function; responses are pure data (no functions or execution logic)');
        return;
      case 'symbol':
        this.issue('is a symbol; use a string');
        return;
      case 'bigint':
        this.issue('is a BigInt; use a number or a string');
        return;
    }
    if (v === null) {
      this.add(4);
      return;
    }
    this.object(v as object, depth);
  }

  object(v: object, depth: number): void {
    if (this.ancestors.has(v)) {
      this.issue('is a circular reference (it contains itself); responses must be trees of plain data');
      return;
    }
    if (depth + 1 > this.limits.maxDepth || depth + 1 > DEPTH_CAP) {
      this.issue(
        `is nested more than ${Math.min(this.limits.maxDepth, DEPTH_CAP)} levels deep (limit maxDepth); flatten it or ${USE_FILE_REFERENCE}`,
      );
      return;
    }
    const proto = Object.getPrototypeOf(v);
    if (Array.isArray(v)) {
      if (proto !== Array.prototype) {
        this.issue(describeInstance(proto));
        return;
      }
      this.ancestors.add(v);
      this.array(v, depth);
      this.ancestors.delete(v);
      return;
    }
    if (proto !== Object.prototype && proto !== null) {
      this.issue(describeInstance(proto));
      return;
    }
    this.ancestors.add(v);
    this.plain(v as Record<string, unknown>, depth);
    this.ancestors.delete(v);
  }

  array(v: unknown[], depth: number): void {
    const artifacts = depth === 1 && this.path.length === 1 && this.path[0] === 'artifacts';
    const length = v.length;
    this.add(2 + Math.max(length - 1, 0));
    for (let i = 0; i < length; i++) {
      const desc = Object.getOwnPropertyDescriptor(v, i);
      if (desc === undefined) {
        this.issue('is an empty slot in a sparse array; arrays must not contain undefined (use null)', i);
        continue;
      }
      if (!('value' in desc)) {
        this.issue('is a getter; use a plain data property', i);
        continue;
      }
      if (desc.value === undefined) {
        this.issue('is undefined; arrays must not contain undefined (use null)', i);
        continue;
      }
      this.path.push(i);
      if (artifacts) this.artifact(desc.value, depth + 1, i);
      else this.value(desc.value, depth + 1);
      this.path.pop();
    }
  }

  artifact(v: unknown, depth: number, index: number): void {
    const start = this.bytes;
    const outer = this.budget;
    const ancestors = [...this.ancestors];
    const limit = this.limits.maxArtifactBytes;
    if (start + limit < outer) {
      this.budget = start + limit;
      this.budgetKind = 'artifact';
    }
    try {
      this.value(v, depth);
    } catch (stop) {
      if (!(stop instanceof Stop) || stop.kind !== 'artifact') throw stop;
      this.issues.push({
        path: ['artifacts', index],
        message: `artifact is larger than ${formatBytes(limit)} when serialized (limit maxArtifactBytes); ${USE_FILE_REFERENCE}`,
      });
      // Drop what was walked of this artifact's children from the path.
      this.path.length = 2;
      this.ancestors.clear();
      for (const a of ancestors) this.ancestors.add(a);
      if (this.issues.length >= MAX_ISSUES) throw new Stop('issues');
    } finally {
      this.budget = outer;
      this.budgetKind = 'envelope';
    }
  }

  plain(v: Record<string, unknown>, depth: number): void {
    const keys = Object.keys(v);
    this.add(2);
    let first = true;
    for (const key of keys) {
      const desc = Object.getOwnPropertyDescriptor(v, key);
      if (desc === undefined) continue;
      if (!('value' in desc)) {
        this.issue('is a getter; use a plain data property', key);
        continue;
      }
      const child = desc.value;
      if (child === undefined) continue; // JSON leaves it out, as an absent key
      if (!first) this.add(1);
      first = false;
      this.add(jsonStringBytes(key) + 1);
      this.path.push(key);
      this.value(child, depth + 1);
      this.path.pop();
    }
  }
}

/**
 * Walks `data` once and reports what is not pure JSON data (functions, class
 * instances, `undefined` in arrays, `NaN`/`Infinity`, cycles, getters, too
 * deep), every artifact larger than `maxArtifactBytes`, and an envelope larger
 * than `maxEnvelopeBytes`. Reads property descriptors only (never runs a
 * getter) and never throws. @internal
 */
export function checkPureData(data: unknown, limits: ResponseLimits): PurityReport {
  const walker = new Walker(limits);
  try {
    walker.value(data, 0);
  } catch (stop) {
    walker.stopped = true;
    if (stop instanceof Stop) {
      if (stop.kind === 'envelope') {
        walker.issues.push({
          path: [],
          message: `the envelope is larger than ${formatBytes(limits.maxEnvelopeBytes)} when serialized (limit maxEnvelopeBytes); ${USE_FILE_REFERENCE}`,
        });
      }
    } else {
      // A proxy trap or exotic object threw: report where.
      walker.issues.push({
        path: [...walker.path],
        message: 'could not be read (it is not plain JSON data)',
      });
    }
  }
  return { issues: walker.issues, stopped: walker.stopped, bytes: walker.bytes };
}
